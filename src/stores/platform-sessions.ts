// The platform's cookies after a store's upload, sealed like its password: a check of 查詢 soon
// after may use them instead of a new login with a captcha. They are only as good as the
// platform's idle timeout; one that cannot be opened (an old key) is as if there were none.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SavedPlatformSession } from '../portal/driver.ts';
import type { Vault } from '../vault/vault.ts';

type Executor = Kysely<Database> | Transaction<Database>;

const bindingFor = (storeId: string) => `platform-session:${storeId}`;

export async function savePlatformSession(db: Executor, vault: Vault, storeId: string, state: SavedPlatformSession, now: Date): Promise<void> {
  const sealed = vault.seal(JSON.stringify(state), bindingFor(storeId));
  await db
    .insertInto('platform_sessions')
    .values({ store_id: storeId, sealed_state: sealed, saved_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('store_id').doUpdateSet({ sealed_state: sealed, saved_at: now.toISOString() }))
    .execute();
}

export async function loadPlatformSession(db: Executor, vault: Vault, storeId: string): Promise<SavedPlatformSession | undefined> {
  const row = await db.selectFrom('platform_sessions').select('sealed_state').where('store_id', '=', storeId).executeTakeFirst();
  if (!row) return undefined;
  try {
    return JSON.parse(vault.open(row.sealed_state, bindingFor(storeId))) as SavedPlatformSession;
  } catch {
    return undefined;
  }
}

export async function forgetPlatformSession(db: Executor, storeId: string): Promise<void> {
  await db.deleteFrom('platform_sessions').where('store_id', '=', storeId).execute();
}

import type { Db } from '../db/connect.ts';
import { resealCredentials } from './credentials.ts';
import { VaultError, type Vault, type VaultFailure } from './vault.ts';

export interface RotationReport {
  readonly resealed: number;
  readonly alreadyCurrent: number;
  readonly failed: readonly { readonly storeId: string; readonly failure: VaultFailure }[];
}

/**
 * Re-seals every store's credentials under the active key. Each store is
 * updated only if its envelope has not changed meanwhile, so a concurrent
 * credential update is never overwritten with older credentials.
 */
export async function resealAllCredentials(db: Db, vault: Vault, now: () => Date = () => new Date()): Promise<RotationReport> {
  const stores = await db
    .selectFrom('stores')
    .select(['id', 'sealed_credentials'])
    .where('sealed_credentials', 'is not', null)
    .execute();
  let resealed = 0;
  let alreadyCurrent = 0;
  const failed: { storeId: string; failure: VaultFailure }[] = [];
  for (const store of stores) {
    const envelope = store.sealed_credentials as string;
    try {
      if (vault.keyIdOf(envelope) === vault.activeKeyId) {
        alreadyCurrent += 1;
        continue;
      }
      const result = await db
        .updateTable('stores')
        .set({ sealed_credentials: resealCredentials(vault, store.id, envelope), updated_at: now().toISOString() })
        .where('id', '=', store.id)
        .where('sealed_credentials', '=', envelope)
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) resealed += 1;
    } catch (error) {
      if (!(error instanceof VaultError)) throw error;
      failed.push({ storeId: store.id, failure: error.failure });
    }
  }
  return { resealed, alreadyCurrent, failed };
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openCredentials, PortalCredentials, sealCredentials } from '../../src/vault/credentials.ts';
import { parseKeyRing, type KeyRing } from '../../src/vault/key-ring.ts';
import { resealAllCredentials } from '../../src/vault/rotate.ts';
import { createVault, generateKey } from '../../src/vault/vault.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => database.dispose());

const ring = (text: string): KeyRing => {
  const result = parseKeyRing(text);
  assert.ok(result.ok);
  return result.keyRing;
};

async function addStore(id: string, sealed: string | null) {
  const now = new Date().toISOString();
  await database.db
    .insertInto('stores')
    .values({
      id,
      owner_line_user_id: 'U-rotate',
      ubn: '04595257',
      branch_ubn: id.padEnd(8, '0').slice(0, 8).replace(/\D/g, '1'),
      invoice_type: '07',
      display_name: id,
      sealed_credentials: sealed,
      credentials_updated_at: sealed ? now : null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

describe('key rotation', () => {
  test('re-seals every store under the new key; the old key can then be dropped', async () => {
    const oldKey = `old:${generateKey()}`;
    const newKey = `new:${generateKey()}`;
    const oldVault = createVault(ring(oldKey));
    const now = new Date().toISOString();
    await database.db.insertInto('owners').values({ line_user_id: 'U-rotate', display_name: null, following: 1, created_at: now, updated_at: now }).execute();
    await addStore('store-1', sealCredentials(oldVault, 'store-1', new PortalCredentials('04595257', 'acct1', 'pw-one')));
    await addStore('store-2', sealCredentials(oldVault, 'store-2', new PortalCredentials('04595257', 'acct2', 'pw-two')));
    await addStore('store-3', null);
    await addStore('store-4', sealCredentials(createVault(ring(`lost:${generateKey()}`)), 'store-4', new PortalCredentials('04595257', 'a', 'b')));

    const rotating = createVault(ring(`${newKey},${oldKey}`));
    const report = await resealAllCredentials(database.db, rotating);
    assert.deepEqual(report, { resealed: 2, alreadyCurrent: 0, failed: [{ storeId: 'store-4', failure: 'unknown-key' }] });

    const newOnly = createVault(ring(newKey));
    const stores = await database.db.selectFrom('stores').select(['id', 'sealed_credentials']).where('id', 'in', ['store-1', 'store-2']).orderBy('id').execute();
    const passwords = stores.map((s) => openCredentials(newOnly, s.id, s.sealed_credentials ?? '').revealPassword());
    assert.deepEqual(passwords, ['pw-one', 'pw-two']);

    const again = await resealAllCredentials(database.db, rotating);
    assert.equal(again.resealed, 0);
    assert.equal(again.alreadyCurrent, 2);
  });
});

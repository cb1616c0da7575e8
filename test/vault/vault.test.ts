import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { openCredentials, PortalCredentials, sealCredentials } from '../../src/vault/credentials.ts';
import { parseKeyRing, singleKeyRing } from '../../src/vault/key-ring.ts';
import { createVault, generateKey, VaultError } from '../../src/vault/vault.ts';

const freshVault = () => createVault(singleKeyRing(Buffer.from(generateKey(), 'base64')));

const expectFailure = (failure: string, run: () => unknown) =>
  assert.throws(run, (error: unknown) => error instanceof VaultError && error.failure === failure);

describe('vault', () => {
  test('seal then open returns the plaintext, for any text', () => {
    const vault = freshVault();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (plaintext, boundTo) => {
        assert.equal(vault.open(vault.seal(plaintext, boundTo), boundTo), plaintext);
      }),
    );
  });

  test('every seal uses a fresh nonce', () => {
    const vault = freshVault();
    const envelopes = new Set(Array.from({ length: 200 }, () => vault.seal('same', 'store:1')));
    assert.equal(envelopes.size, 200);
  });

  test('the envelope names its key and does not contain the plaintext', () => {
    const vault = freshVault();
    const envelope = vault.seal('hunter2-password', 'store:1');
    assert.equal(vault.keyIdOf(envelope), vault.activeKeyId);
    assert.ok(!envelope.includes('hunter2'));
    assert.ok(!Buffer.from(envelope.split('.')[3] ?? '', 'base64url').toString().includes('hunter2'));
  });

  test('a ciphertext bound to one store does not open for another', () => {
    const vault = freshVault();
    expectFailure('tampered', () => vault.open(vault.seal('secret', 'store:a'), 'store:b'));
  });

  test('any flipped byte is detected', () => {
    const vault = freshVault();
    const envelope = vault.seal('secret password', 'store:1');
    const parts = envelope.split('.');
    for (const index of [2, 3, 4]) {
      const bytes = Buffer.from(parts[index] ?? '', 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      const altered = parts.map((part, i) => (i === index ? bytes.toString('base64url') : part)).join('.');
      expectFailure('tampered', () => vault.open(altered, 'store:1'));
    }
  });

  test('a wrong key with the same id is detected, an unknown key id is named', () => {
    const key = Buffer.from(generateKey(), 'base64');
    const envelope = createVault(singleKeyRing(key, 'k1')).seal('secret', 'store:1');
    expectFailure('tampered', () => createVault(singleKeyRing(Buffer.from(generateKey(), 'base64'), 'k1')).open(envelope, 'store:1'));
    assert.throws(
      () => createVault(singleKeyRing(key, 'k2')).open(envelope, 'store:1'),
      (error: unknown) => error instanceof VaultError && error.failure === 'unknown-key' && /"k1"/.test(error.message),
    );
  });

  test('garbage is reported as malformed', () => {
    const vault = freshVault();
    for (const garbage of ['', 'v1', 'v2.k.a.b.c', 'v1.k.AAAA.BBBB.CCCC', 'not an envelope at all']) {
      expectFailure('malformed', () => vault.open(garbage, 'store:1'));
    }
  });

  test('errors never carry the plaintext', () => {
    const vault = freshVault();
    const envelope = vault.seal('my-secret-password', 'store:a');
    try {
      vault.open(envelope, 'store:b');
      assert.fail('expected failure');
    } catch (error) {
      assert.ok(error instanceof VaultError);
      assert.ok(!inspect(error).includes('my-secret-password'));
    }
  });

  test('a key ring opens envelopes of older keys and seals with the first', () => {
    const oldKey = generateKey();
    const oldVault = createVault(assertRing(`old:${oldKey}`));
    const envelope = oldVault.seal('secret', 'store:1');
    const rotated = createVault(assertRing(`new:${generateKey()},old:${oldKey}`));
    assert.equal(rotated.open(envelope, 'store:1'), 'secret');
    assert.equal(rotated.keyIdOf(rotated.seal('x', 'store:1')), 'new');
  });
});

describe('portal credentials', () => {
  test('the password never shows in JSON, inspect or string form', () => {
    const credentials = new PortalCredentials('04595257', 'owner01', 'Pa55-word!');
    for (const shown of [JSON.stringify(credentials), inspect(credentials), String(credentials), `${credentials}`]) {
      assert.ok(!shown.includes('Pa55-word!'), shown);
    }
    assert.equal(credentials.revealPassword(), 'Pa55-word!');
  });

  test('sealed credentials open only for their store', () => {
    const vault = freshVault();
    const sealed = sealCredentials(vault, 'store-1', new PortalCredentials('04595257', 'owner01', 'Pa55-word!'));
    const opened = openCredentials(vault, 'store-1', sealed);
    assert.deepEqual([opened.ubn, opened.account, opened.revealPassword()], ['04595257', 'owner01', 'Pa55-word!']);
    expectFailure('tampered', () => openCredentials(vault, 'store-2', sealed));
  });
});

function assertRing(text: string) {
  const result = parseKeyRing(text);
  assert.ok(result.ok);
  return result.keyRing;
}

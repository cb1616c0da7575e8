import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from './key-ring.ts';

/**
 * Seals small secrets (platform credentials) with AES-256-GCM.
 *
 * Envelope: `v1.<keyId>.<nonce>.<ciphertext>.<tag>` (base64url parts). A random
 * 96-bit nonce per seal; the additional data binds the ciphertext to what it
 * belongs to (e.g. a store id), so a sealed value copied to another row does not open.
 */

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export type VaultFailure = 'malformed' | 'unknown-key' | 'tampered';

export class VaultError extends Error {
  constructor(
    readonly failure: VaultFailure,
    readonly keyId: string | undefined,
  ) {
    super(describe(failure, keyId));
    this.name = 'VaultError';
  }
}

function describe(failure: VaultFailure, keyId: string | undefined): string {
  switch (failure) {
    case 'malformed':
      return 'Sealed value is malformed: it was not written by this vault.';
    case 'unknown-key':
      return `Sealed value uses key "${keyId}", which is not in CREDENTIALS_KEY: add that key back (after the active one).`;
    case 'tampered':
      return `Sealed value failed authentication with key "${keyId}": it was altered, belongs to another record, or the key is wrong.`;
  }
}

export interface Vault {
  seal(plaintext: string, boundTo: string): string;
  open(envelope: string, boundTo: string): string;
  /** The id of the key that sealed an envelope, without opening it. */
  keyIdOf(envelope: string): string;
  readonly activeKeyId: string;
}

export function createVault(keyRing: KeyRing): Vault {
  const activeKey = keyRing.keys.get(keyRing.activeKeyId);
  if (!activeKey) throw new Error('Key ring has no active key.');
  return {
    activeKeyId: keyRing.activeKeyId,
    seal: (plaintext, boundTo) => seal(keyRing.activeKeyId, activeKey, plaintext, boundTo),
    open: (envelope, boundTo) => open(keyRing, envelope, boundTo),
    keyIdOf: (envelope) => splitEnvelope(envelope).keyId,
  };
}

function seal(keyId: string, key: Buffer, plaintext: string, boundTo: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(additionalData(keyId, boundTo));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, keyId, nonce, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

function open(keyRing: KeyRing, envelope: string, boundTo: string): string {
  const parts = splitEnvelope(envelope);
  const key = keyRing.keys.get(parts.keyId);
  if (!key) throw new VaultError('unknown-key', parts.keyId);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, parts.nonce);
    decipher.setAAD(additionalData(parts.keyId, boundTo));
    decipher.setAuthTag(parts.tag);
    return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new VaultError('tampered', parts.keyId);
  }
}

function splitEnvelope(envelope: string) {
  const [version, keyId, nonce, ciphertext, tag, ...rest] = envelope.split('.');
  if (version !== VERSION || !keyId || nonce === undefined || ciphertext === undefined || !tag || rest.length > 0) {
    throw new VaultError('malformed', undefined);
  }
  const parts = {
    keyId,
    nonce: Buffer.from(nonce, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
  };
  if (parts.nonce.length !== NONCE_BYTES || parts.tag.length !== TAG_BYTES) throw new VaultError('malformed', keyId);
  return parts;
}

function additionalData(keyId: string, boundTo: string): Buffer {
  return Buffer.from(`${VERSION}|${keyId}|${boundTo}`, 'utf8');
}

export function generateKey(): string {
  return randomBytes(32).toString('base64');
}

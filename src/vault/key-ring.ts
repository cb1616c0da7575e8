import { createHash } from 'node:crypto';

/**
 * The credential keys: the first one seals, every one can open. Listing the new
 * key first and keeping the old ones is how a key is rotated.
 *
 * CREDENTIALS_KEY holds comma-separated entries, each `base64` or `id:base64`,
 * each 32 random bytes. Without an explicit id, the id is derived from the key.
 */
export interface KeyRing {
  readonly activeKeyId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

export type KeyRingResult =
  | { readonly ok: true; readonly keyRing: KeyRing }
  | { readonly ok: false; readonly problems: readonly string[] };

const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export function parseKeyRing(text: string): KeyRingResult {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const problems: string[] = [];
  const keys = new Map<string, Buffer>();
  entries.forEach((entry, index) => {
    const parsed = parseEntry(entry, index + 1);
    if (typeof parsed === 'string') problems.push(parsed);
    else if (keys.has(parsed.id)) problems.push(`entry ${index + 1} repeats key id "${parsed.id}"; give each key its own id.`);
    else keys.set(parsed.id, parsed.key);
  });
  const activeKeyId = keys.keys().next().value;
  if (problems.length > 0 || activeKeyId === undefined) {
    return { ok: false, problems: problems.length > 0 ? problems : ['no key given; generate one with `npm run generate-key`.'] };
  }
  return { ok: true, keyRing: Object.freeze({ activeKeyId, keys }) };
}

function parseEntry(entry: string, position: number): { id: string; key: Buffer } | string {
  const colon = entry.indexOf(':');
  const explicitId = colon >= 0 ? entry.slice(0, colon) : undefined;
  const encoded = colon >= 0 ? entry.slice(colon + 1) : entry;
  if (explicitId !== undefined && !KEY_ID.test(explicitId)) {
    return `entry ${position} has an invalid key id (use 1-32 letters, digits, "_" or "-" before the colon).`;
  }
  const key = decodeBase64(encoded);
  if (key?.length !== KEY_BYTES) {
    return `entry ${position} is not base64 of exactly 32 bytes; generate one with \`npm run generate-key\`.`;
  }
  return { id: explicitId ?? deriveKeyId(key), key };
}

function decodeBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

/** A short, stable, non-secret name for a key, so an envelope says which key sealed it. */
export function deriveKeyId(key: Buffer): string {
  return `k${createHash('sha256').update('key-id:').update(key).digest('hex').slice(0, 10)}`;
}

export function singleKeyRing(key: Buffer, id = deriveKeyId(key)): KeyRing {
  return Object.freeze({ activeKeyId: id, keys: new Map([[id, key]]) });
}

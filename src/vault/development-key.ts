import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKeyRing, type KeyRing } from './key-ring.ts';
import { generateKey } from './vault.ts';

export const DEVELOPMENT_KEY_FILE = 'development-credentials.key';

/**
 * Local mode only: a key generated once and kept under the data folder, so that
 * `npm start` works with no configuration and sealed credentials survive restarts.
 */
export function loadOrCreateDevelopmentKey(dataDir: string): { keyRing: KeyRing; created: boolean; path: string } {
  const path = join(dataDir, DEVELOPMENT_KEY_FILE);
  let created = false;
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    text = `dev:${generateKey()}`;
    writeFileSync(path, `${text}\n`, { mode: 0o600, flag: 'wx' });
    created = true;
  }
  const parsed = parseKeyRing(text);
  if (!parsed.ok) throw new Error(`The development key in ${path} is unreadable: delete the file to generate a new one.`);
  return { keyRing: parsed.keyRing, created, path };
}

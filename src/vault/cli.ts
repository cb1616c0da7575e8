import { ConfigError, loadConfig } from '../config.ts';
import { connectDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { loadOrCreateDevelopmentKey } from './development-key.ts';
import { resealAllCredentials } from './rotate.ts';
import { createVault, generateKey } from './vault.ts';

/**
 * `npm run generate-key`: print a new CREDENTIALS_KEY entry.
 * `npm run rotate-key`: re-seal every store's credentials under the first key of CREDENTIALS_KEY.
 */
const command = process.argv[2];

if (command === 'generate') {
  process.stdout.write(`${generateKey()}\n`);
} else if (command === 'rotate') {
  await rotate();
} else {
  process.stderr.write('Usage: tsx src/vault/cli.ts generate|rotate\n');
  process.exitCode = 2;
}

async function rotate(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
    return;
  }
  const keyRing = config.credentialKeys ?? loadOrCreateDevelopmentKey(config.dataDir).keyRing;
  const db = connectDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const report = await resealAllCredentials(db, createVault(keyRing));
    process.stdout.write(
      `Active key ${keyRing.activeKeyId}: re-sealed ${report.resealed}, already current ${report.alreadyCurrent}, failed ${report.failed.length}.\n`,
    );
    for (const failure of report.failed) {
      process.stdout.write(`  store ${failure.storeId}: ${failure.failure} (keep the key that sealed it in CREDENTIALS_KEY)\n`);
    }
    if (report.failed.length > 0) process.exitCode = 1;
  } finally {
    await db.destroy();
  }
}

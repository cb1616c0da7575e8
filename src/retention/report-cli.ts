import { ConfigError, loadConfig } from '../config.ts';
import { connectDatabase } from '../db/connect.ts';
import { dataReport, formatDataReport } from './report.ts';
import { retentionSettingsOf } from './settings.ts';

/**
 * `npm run data-report`: per table, how many rows and how old the oldest; then what the next
 * retention sweep would reduce or remove, were it now. Reads only; DATABASE_URL and DATA_DIR as
 * for the bot (run it on a worker's host to see that host's diagnostics files).
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
    process.exitCode = 1;
    return;
  }
  const db = connectDatabase(config.databaseUrl, { poolSize: 1 });
  try {
    const report = await dataReport({ db, now: new Date(), settings: retentionSettingsOf(config), dataDir: config.dataDir });
    process.stdout.write(formatDataReport(report));
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`data-report failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

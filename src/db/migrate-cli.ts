import { loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { connectDatabase } from './connect.ts';
import { migrateToLatest } from './migrate.ts';

/** `npm run migrate`: apply pending migrations and exit; exit code 1 with the error when one fails. */
const config = loadConfig();
const log = createLogger(config.logLevel);
const db = connectDatabase(config.databaseUrl);
try {
  const results = await migrateToLatest(db);
  for (const result of results) log.info({ migration: result.migrationName, status: result.status }, 'migration');
  log.info({ applied: results.length }, results.length ? 'database migrated' : 'database already up to date');
} catch (error) {
  log.fatal({ err: error }, 'migration failed');
  process.exitCode = 1;
} finally {
  await db.destroy();
}

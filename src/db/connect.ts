import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { sqlitePath } from '../config.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the database named by DATABASE_URL. SQLite is the embedded default;
 * this is the one place that knows which engine is underneath.
 */
export function connectDatabase(databaseUrl: string): Db {
  const path = sqlitePath(databaseUrl);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path, { timeout: BUSY_TIMEOUT_MS });
  // WAL lets readers run beside one writer (web and worker processes share the file);
  // NORMAL sync is safe under WAL and avoids an fsync per commit.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

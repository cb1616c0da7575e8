import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase as KyselySqlite, type SqliteStatement } from 'kysely';
import { sqlitePath } from '../config.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

const BUSY_TIMEOUT_MS = 5000;
/** Distinct statements kept compiled: the bot runs a few dozen shapes of query; lists of varying length add some more. */
const STATEMENT_CACHE_SIZE = 500;

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
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, STATEMENT_CACHE_SIZE) }) });
}

/**
 * Kysely prepares every query it runs, and better-sqlite3 compiles SQL on each prepare:
 * under webhook load that compiling took almost as long as running them. Statements are
 * reused by their SQL text instead (least recently used dropped first). That is safe
 * because Kysely runs one statement at a time on the connection (a streaming read holds
 * it until done), and SQLite recompiles a statement by itself when the schema changes.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, size: number): KyselySqlite {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql): SqliteStatement {
      const cached = statements.get(sql);
      if (cached) {
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > size) statements.delete(statements.keys().next().value as string);
      return statement;
    },
  };
}

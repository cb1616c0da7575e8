import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type SqliteDatabase as KyselySqlite,
  type SqliteDialectConfig,
  type SqliteStatement,
} from 'kysely';
import pg from 'pg';
import { databaseKindOf, sqlitePath } from '../config.ts';
import type { Database } from './schema.ts';
import { SqliteCheckpointer } from './sqlite-checkpointer.ts';

/** The checkpoint thread loads the same driver the connection uses. */
const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

export type Db = Kysely<Database>;

export interface ConnectOptions {
  /** PostgreSQL connections kept by this process (DATABASE_POOL_SIZE). */
  readonly poolSize?: number;
}

const BUSY_TIMEOUT_MS = 5000;
/** Distinct statements kept compiled: the bot runs a few dozen shapes of query; lists of varying length add some more. */
const STATEMENT_CACHE_SIZE = 500;
const DEFAULT_POOL_SIZE = 10;

/**
 * Opens the database named by DATABASE_URL: a `sqlite:` file (the embedded default) or
 * `postgres://` / `postgresql://`. This is the one place that knows which engine is underneath;
 * the few queries that must differ ask dialect.ts.
 */
export function connectDatabase(databaseUrl: string, options: ConnectOptions = {}): Db {
  const kind = databaseKindOf(databaseUrl);
  if (kind === 'postgres') return connectPostgres(databaseUrl, options.poolSize ?? DEFAULT_POOL_SIZE);
  if (kind === 'sqlite') return connectSqlite(sqlitePath(databaseUrl));
  throw new Error('DATABASE_URL must start with sqlite: or postgres://');
}

function connectSqlite(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path, { timeout: BUSY_TIMEOUT_MS });
  // WAL lets readers run beside one writer (web and worker processes share the file);
  // NORMAL sync is safe under WAL and avoids an fsync per commit.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Deleted rows (an owner who asked to be forgotten, expired secrets) are overwritten on disk, not just unlinked.
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const checkpointer = path === ':memory:' ? undefined : offThreadCheckpoints(sqlite, path);
  const database = withStatementCache(sqlite, STATEMENT_CACHE_SIZE, () => checkpointer?.close());
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) });
}

/** Checkpoints leave the connection's commits for a thread of their own (see SqliteCheckpointer). */
function offThreadCheckpoints(sqlite: SqliteDatabase.Database, path: string): SqliteCheckpointer {
  sqlite.pragma('wal_autocheckpoint = 0');
  // Once a checkpoint has let the log start over, the next commit trims the file back to this.
  sqlite.pragma('journal_size_limit = 1048576');
  return new SqliteCheckpointer(path, BETTER_SQLITE3);
}

// int8 (count(*), sum(), bigint columns) arrives as a string by default; every such value here
// (event timestamps in ms, row counts) fits a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

function connectPostgres(connectionString: string, poolSize: number): Db {
  const pool = new pg.Pool({ connectionString, max: poolSize, idleTimeoutMillis: 30_000 });
  // An idle connection the server drops (restart, failover) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * SQLite transactions start with BEGIN IMMEDIATE: the write lock is taken up front, so two
 * processes on one file never both read, then both try to write (the second would fail with
 * SQLITE_BUSY at once instead of waiting its turn). A transaction that reads the oldest
 * pending event and processes it is therefore also the claim on that event across processes.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly sqliteConfig: SqliteDialectConfig) {
    super(sqliteConfig);
  }

  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.sqliteConfig);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * Kysely prepares every query it runs, and better-sqlite3 compiles SQL on each prepare:
 * under webhook load that compiling took almost as long as running them. Statements are
 * reused by their SQL text instead (least recently used dropped first). That is safe
 * because Kysely runs one statement at a time on the connection (a streaming read holds
 * it until done), and SQLite recompiles a statement by itself when the schema changes.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, size: number, onClose: () => void): KyselySqlite {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => {
      onClose();
      sqlite.close();
    },
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


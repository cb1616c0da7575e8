import { PostgresAdapter, sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The few places where SQLite and PostgreSQL need different SQL, each a small function
 * chosen by the engine the Kysely instance runs on. Everything else is written once.
 */
export type Dialect = 'sqlite' | 'postgres';

type AnyDb = Kysely<Database> | Transaction<Database> | Kysely<unknown>;

export function dialectOf(db: AnyDb): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Joins the values of a group into one comma-separated text (null for an empty group). */
export function commaJoined(db: AnyDb, value: RawBuilder<unknown>): RawBuilder<string | null> {
  return dialectOf(db) === 'postgres' ? sql<string | null>`string_agg(${value}, ',')` : sql<string | null>`group_concat(${value}, ',')`;
}

/**
 * The rows of a JSON array passed as one parameter, each row's element as `value` (use
 * `jsonElement(value, i)` for its parts): thousands of rows in one statement without
 * thousands of bound parameters.
 */
export function jsonArrayRows(db: AnyDb, json: string): RawBuilder<unknown> {
  return dialectOf(db) === 'postgres' ? sql`jsonb_array_elements(${json}::jsonb) as rows(value)` : sql`json_each(${json})`;
}

/** The i-th element of the JSON array in a row of jsonArrayRows, as text. */
export function jsonElement(i: number): RawBuilder<string> {
  return sql<string>`(value ->> ${sql.lit(i)})`;
}

/** A JSON object built from alternating keys and values, as text. */
export function jsonObjectText(db: AnyDb, entries: readonly [string, RawBuilder<unknown> | string | number][]): RawBuilder<string> {
  // A bound text parameter needs its type said: PostgreSQL cannot infer it inside json_build_object.
  const parts = entries.flatMap(([key, value]) => [sql.lit(key), typeof value === 'number' ? sql.lit(value) : typeof value === 'string' ? sql`cast(${value} as text)` : value]);
  const fn = dialectOf(db) === 'postgres' ? sql.raw('json_build_object') : sql.raw('json_object');
  const built = sql`${fn}(${sql.join(parts)})`;
  return dialectOf(db) === 'postgres' ? sql<string>`(${built})::text` : sql<string>`${built}`;
}

/**
 * Takes one queue's turn for the rest of the transaction, across every process on the
 * database; false when another transaction holds it (do the work later). On PostgreSQL a
 * transaction-scoped advisory lock on the key's hash (two keys sharing a hash only wait for
 * each other); on SQLite the transaction's BEGIN IMMEDIATE already holds the one write lock.
 */
export async function tryQueueTurn(trx: Transaction<Database>, key: string): Promise<boolean> {
  if (dialectOf(trx) !== 'postgres') return true;
  const { rows } = await sql<{ taken: boolean }>`select pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) as taken`.execute(trx);
  return rows[0]?.taken === true;
}

/**
 * Runs a read with PostgreSQL's JIT compilation off. A query that seeks an index once per row
 * of a big table is estimated to cost millions (the planner guesses a range matches 0.5% of
 * the index), so PostgreSQL would first spend some 200 ms compiling it with LLVM, which
 * made the reminder planner's read of 100,000 stores take about a quarter longer. The
 * setting lasts for the read's own transaction only. SQLite compiles nothing: the read just
 * runs (outside a transaction, which there would take the write lock).
 */
export async function withoutJit<T>(db: Kysely<Database>, read: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  if (dialectOf(db) !== 'postgres') return read(db);
  return db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    return read(trx);
  });
}

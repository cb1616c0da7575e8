// 「全部重來」 in the playground: every application table emptied at once, so the bot starts as on a new
// machine without a restart. One transaction: either every table is empty or (on any error) nothing changed,
// so no half-deleted state is ever visible to the bot, the worker or the outbox running beside it.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/connect.ts';
import { dialectOf } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';

/** Kysely's bookkeeping of which migrations ran: emptying it would re-run them on the existing tables. */
const MIGRATION_TABLES = /^kysely_migration/;

/** Deletes every row of every application table; returns the tables emptied. */
export async function emptyDatabase(db: Db): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const tables = (await tableNames(trx)).filter((name) => !MIGRATION_TABLES.test(name));
    if (tables.length === 0) return tables;
    if (dialectOf(trx) === 'postgres') {
      // One statement for all tables: foreign keys between them are satisfied by truncating them together.
      await sql`truncate table ${sql.join(tables.map((name) => sql.table(name)))}`.execute(trx);
    } else {
      // Checked at commit, when every table is empty: the delete order does not matter.
      await sql`pragma defer_foreign_keys = on`.execute(trx);
      for (const name of tables) await sql`delete from ${sql.table(name)}`.execute(trx);
    }
    return tables;
  });
}

async function tableNames(trx: Transaction<Database>): Promise<string[]> {
  const query =
    dialectOf(trx) === 'postgres'
      ? sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`
      : sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by 1`;
  return (await query.execute(trx)).rows.map((row) => row.name);
}

import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../src/db/dialect.ts';

// The reminder planner finds a store's reminders of a period by a range of job keys,
// ['remind:<store>:<period>:', 'remind:<store>:<period>;'), which holds exactly those keys only
// when text compares byte by byte. SQLite's keys already do; a PostgreSQL column takes the
// database's collation, and en_US.UTF-8 and its kind ignore ':' and ';' at first. Collating
// the keys as "C" makes the range exact there too, and the unique index on key is rebuilt
// with it, so the range is still one index seek. (Equality, all other uses of key, is
// unchanged: both collations are deterministic.)
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`alter table jobs alter column key type text collate "C"`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`alter table jobs alter column key type text collate "default"`.execute(db);
}

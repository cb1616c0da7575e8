import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => database.dispose());

const now = new Date('2026-11-25T02:00:00Z').toISOString();

// The same refusal as each engine words it.
const FOREIGN_KEY = /FOREIGN KEY constraint failed|violates foreign key constraint/;
const CHECK = /CHECK constraint failed|violates check constraint/;
const UNIQUE = /UNIQUE constraint failed|violates unique constraint/;

async function insertOwner(id: string) {
  await database.db
    .insertInto('owners')
    .values({ line_user_id: id, display_name: null, following: 1, created_at: now, updated_at: now })
    .execute();
}

describe('database', () => {
  test('SQLite runs with WAL, foreign keys, a busy timeout and secure delete', async (t) => {
    if (testDatabaseKind() !== 'sqlite') return t.skip('SQLite settings (this run is on PostgreSQL)');
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`pragma ${name}`).execute(database.db)).rows[0] as object)[0];
    assert.equal(await pragma('journal_mode'), 'wal');
    assert.equal(await pragma('foreign_keys'), 1);
    assert.equal(await pragma('busy_timeout'), 5000);
    assert.equal(await pragma('secure_delete'), 1);
  });

  test('migrating again is a no-op', async () => {
    assert.deepEqual(await migrateToLatest(database.db), []);
  });

  test('a store must belong to an existing owner', async () => {
    await assert.rejects(
      database.db
        .insertInto('stores')
        .values({
          id: 'store-orphan',
          owner_line_user_id: 'U-nobody',
          ubn: '04595257',
          branch_ubn: '04595257',
          invoice_type: '07',
          display_name: '無主',
          sealed_credentials: null,
          credentials_updated_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute(),
      FOREIGN_KEY,
    );
  });

  test('states and ranges are constrained by the schema', async () => {
    await insertOwner('U-constraints');
    await database.db
      .insertInto('stores')
      .values({
        id: 'store-c',
        owner_line_user_id: 'U-constraints',
        ubn: '04595257',
        branch_ubn: '04595257',
        invoice_type: '07',
        display_name: '咖啡',
        sealed_credentials: null,
        credentials_updated_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const period = { id: 'sp-c', store_id: 'store-c', period_key: '11510', created_at: now, updated_at: now };
    await assert.rejects(
      database.db.insertInto('store_periods').values({ ...period, state: 'lost' as 'pending' }).execute(),
      CHECK,
    );
    await database.db.insertInto('store_periods').values({ ...period, state: 'pending' }).execute();
    await assert.rejects(
      database.db.insertInto('store_periods').values({ ...period, id: 'sp-dup', state: 'pending' }).execute(),
      UNIQUE,
    );
    const range = { store_period_id: 'sp-c', track: 'MM', outcome: 'queued' as const, outcome_message: null, created_at: now, updated_at: now };
    await assert.rejects(
      database.db.insertInto('period_ranges').values({ ...range, id: 'r-bad', start_no: 200, end_no: 100 }).execute(),
      CHECK,
    );
    await database.db.insertInto('period_ranges').values({ ...range, id: 'r-ok', start_no: 100, end_no: 149 }).execute();
  });

  test('deleting an owner removes their stores, periods and ranges', async () => {
    await database.db.deleteFrom('owners').where('line_user_id', '=', 'U-constraints').execute();
    const counts = await Promise.all(
      (['stores', 'store_periods', 'period_ranges'] as const).map(async (table) =>
        Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      ),
    );
    assert.deepEqual(counts, [0, 0, 0]);
  });

  test('a job key can be queued only once', async () => {
    const job = {
      kind: 'submit',
      key: 'submit:sp-1:1',
      payload_json: '{}',
      state: 'pending' as const,
      attempts: 0,
      max_attempts: 5,
      run_at: now,
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: now,
      updated_at: now,
      finished_at: null,
    };
    await database.db.insertInto('jobs').values({ ...job, id: 'job-1' }).execute();
    await assert.rejects(database.db.insertInto('jobs').values({ ...job, id: 'job-2' }).execute(), UNIQUE);
  });

  test('a query whose compiled statement is reused sees a schema changed since', async () => {
    const probe = () => sql<Record<string, number>>`select * from statement_cache_probe`.execute(database.db);
    await sql`create table statement_cache_probe (a integer)`.execute(database.db);
    await sql`insert into statement_cache_probe (a) values (1)`.execute(database.db);
    assert.deepEqual((await probe()).rows, [{ a: 1 }]);
    await sql`alter table statement_cache_probe add column b integer default 2`.execute(database.db);
    assert.deepEqual((await probe()).rows, [{ a: 1, b: 2 }]);
    await sql`drop table statement_cache_probe`.execute(database.db);
  });
});

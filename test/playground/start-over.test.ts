// 全部重來 empties the database while the worker may be mid-job: all tables in one transaction or none, the
// migrations kept, and a job in flight loses its lease so its late outcome is dropped (no half state).
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { dialectOf } from '../../src/db/dialect.ts';
import { enqueueJob } from '../../src/jobs/enqueue.ts';
import { claimNextJob, completeJob, extendLease, LeaseLostError } from '../../src/jobs/queue.ts';
import { emptyDatabase } from '../../src/local/empty-database.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const NOW = new Date('2026-12-01T02:00:00Z');
const at = NOW.toISOString();

describe('emptying the playground database', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
    const { db } = database;
    await db.insertInto('owners').values({ line_user_id: 'U1', display_name: '老闆', following: 1, created_at: at, updated_at: at }).execute();
    await db
      .insertInto('stores')
      .values({ id: 's1', owner_line_user_id: 'U1', ubn: '04595257', branch_ubn: '04595257', invoice_type: '07', display_name: '小林咖啡', sealed_credentials: null, credentials_updated_at: null, created_at: at, updated_at: at })
      .execute();
    await db
      .insertInto('store_periods')
      .values({ id: 'p1', store_id: 's1', period_key: '11512', state: 'queued', queued_at: at, submitted_at: null, confirmed_at: null, attention_reason: null, attention_detail: null, saving_job_id: null, pending_edit_json: null, created_at: at, updated_at: at })
      .execute();
    await enqueueJob(db, { kind: 'submit', key: 'submit:p1', payload: { storePeriodId: 'p1' }, runAt: NOW }, NOW);
  });
  afterEach(() => database.dispose());

  const count = async (table: 'owners' | 'stores' | 'store_periods' | 'jobs') =>
    Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  test('every application table is emptied, the migrations bookkeeping is kept', async () => {
    const emptied = await emptyDatabase(database.db);
    for (const table of ['owners', 'stores', 'store_periods', 'jobs', 'outbox', 'webhook_inbox', 'captcha_requests']) assert.ok(emptied.includes(table), table);
    assert.ok(!emptied.some((table) => table.startsWith('kysely_migration')));
    for (const table of ['owners', 'stores', 'store_periods', 'jobs'] as const) assert.equal(await count(table), 0, table);
    const migrations = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(database.db);
    assert.ok(Number(migrations.rows[0]?.n) >= 40);
  });

  test('a job in flight loses its lease: its heartbeat stops it and its outcome is dropped with its writes', async () => {
    const job = await claimNextJob(database.db, { workerId: 'worker-1', now: NOW, leaseMs: 60_000 });
    assert.ok(job);
    await emptyDatabase(database.db);
    assert.equal(await extendLease(database.db, job, NOW, 60_000), false);
    // The worker settles an outcome in one transaction with the handler's writes: both roll back.
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('owners').values({ line_user_id: 'U-late', display_name: null, following: 1, created_at: at, updated_at: at }).execute();
        await completeJob(trx, job, NOW);
      }),
      LeaseLostError,
    );
    assert.equal(await count('owners'), 0);
  });

  test('all or nothing: when one table cannot be emptied, no table is', async (t) => {
    if (dialectOf(database.db) === 'postgres') return t.skip('the refusing trigger is written for SQLite');
    await sql`create trigger refuse_store_delete before delete on stores begin select raise(abort, 'refused'); end`.execute(database.db);
    await assert.rejects(emptyDatabase(database.db), /refused/);
    assert.equal(await count('owners'), 1);
    assert.equal(await count('jobs'), 1);
    assert.equal(await count('store_periods'), 1);
  });
});

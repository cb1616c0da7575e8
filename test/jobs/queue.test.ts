import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Dialect,
} from 'kysely';
import type { Db } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/schema.ts';
import { backoffMs } from '../../src/jobs/backoff.ts';
import { enqueueJob } from '../../src/jobs/enqueue.ts';
import {
  cancelJob,
  claimNextJob,
  completeJob,
  extendLease,
  failJob,
  LeaseLostError,
  nextDueJobId,
  reclaimExpiredLeases,
  releaseJob,
  type ClaimedJob,
  type Job,
} from '../../src/jobs/queue.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const T0 = new Date('2026-11-25T02:00:00.000Z');
const LEASE_MS = 60_000;
const SECOND = 1000;
const MINUTE = 60 * SECOND;

let database: TestDatabase;
let db: Db;

beforeEach(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterEach(async () => {
  await database.dispose();
});

function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

async function enqueue(key: string, options: { kind?: string; runAt?: Date; createdAt?: Date; maxAttempts?: number } = {}): Promise<void> {
  const queued = await enqueueJob(
    db,
    { kind: options.kind ?? 'test', key, payload: { key }, runAt: options.runAt ?? T0, maxAttempts: options.maxAttempts ?? 3 },
    options.createdAt ?? T0,
  );
  assert.ok(queued, `${key} queued`);
}

async function claim(workerId = 'worker-a', now = T0, kinds?: readonly string[]): Promise<ClaimedJob | null> {
  return claimNextJob(db, { workerId, now, leaseMs: LEASE_MS, ...(kinds ? { kinds } : {}) });
}

async function claimOrFail(workerId = 'worker-a', now = T0): Promise<ClaimedJob> {
  const job = await claim(workerId, now);
  assert.ok(job, 'a job was claimed');
  return job;
}

async function row(key: string): Promise<Job> {
  return db.selectFrom('jobs').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
}

function retry(job: ClaimedJob, now: Date, random = () => 1) {
  return db.transaction().execute((trx) => failJob(trx, job, 'portal timed out', now, { kind: 'retry' }, { random }));
}

describe('claiming', () => {
  test('takes the job due first, then the one queued first, and nothing before its run_at', async () => {
    await enqueue('late', { runAt: at(2 * MINUTE), createdAt: at(-3 * MINUTE) });
    await enqueue('second', { runAt: at(-MINUTE), createdAt: at(-MINUTE) });
    await enqueue('first', { runAt: at(-MINUTE), createdAt: at(-2 * MINUTE) });
    await enqueue('earliest', { runAt: at(-2 * MINUTE), createdAt: at(0) });

    const order = [];
    for (let job = await claim(); job; job = await claim()) order.push(job.key);
    assert.deepEqual(order, ['earliest', 'first', 'second'], 'the job not yet due is left alone');
    assert.equal((await row('late')).state, 'pending');

    const late = await claim('worker-a', at(2 * MINUTE));
    assert.equal(late?.key, 'late', 'claimable once its run_at has come');
  });

  test('counts the attempt at claim and takes the lease; a claimed job is not claimed again', async () => {
    await enqueue('only');
    const job = await claimOrFail('worker-a');
    assert.deepEqual(
      { attempts: job.attempts, maxAttempts: job.maxAttempts, payload: job.payload, workerId: job.workerId, kind: job.kind },
      { attempts: 1, maxAttempts: 3, payload: { key: 'only' }, workerId: 'worker-a', kind: 'test' },
    );
    const stored = await row('only');
    assert.equal(stored.state, 'running');
    assert.equal(stored.attempts, 1);
    assert.equal(stored.locked_by, 'worker-a');
    assert.equal(stored.locked_until, at(LEASE_MS).toISOString());

    assert.equal(await claim('worker-b'), null);
    assert.equal(await claim('worker-b', at(LEASE_MS * 10)), null, 'not even after the lease ran out: only the sweeper frees it');
  });

  test('claims only the kinds asked for', async () => {
    await enqueue('remind', { kind: 'remind', createdAt: at(-MINUTE) });
    await enqueue('submit', { kind: 'submit' });
    assert.equal((await claim('worker-a', T0, ['submit', 'verify']))?.key, 'submit');
    assert.equal(await claim('worker-a', T0, ['submit', 'verify']), null);
    assert.equal(await claim('worker-a', T0, []), null);
    assert.equal((await claim('worker-a', T0, ['remind']))?.key, 'remind');
  });

  test('a key is queued once', async () => {
    await enqueue('remind:store-1:11510:first');
    const again = await enqueueJob(db, { kind: 'remind', key: 'remind:store-1:11510:first', payload: {}, runAt: T0 }, T0);
    assert.equal(again, false);
    const rows = await db.selectFrom('jobs').select('id').where('key', '=', 'remind:store-1:11510:first').execute();
    assert.equal(rows.length, 1);
  });

  test('on PostgreSQL the claim skips rows other claimers hold; on SQLite the same builders give plain SQL', async () => {
    // Both dialects compiled here whatever engine this run uses: the claim's SQL must be right on each.
    const pg = compilingDb(postgresDialect);
    assert.equal(await claimNextJob(pg.db, { workerId: 'worker-a', now: T0, leaseMs: LEASE_MS, kinds: ['submit'] }), null);
    assert.match(pg.statements[0] ?? '', /^update "jobs" set .* where "id" = \(select "id" from "jobs" where .* limit \$\d+ for update skip locked\) and "state" = \$\d+ returning \*$/);

    const sqlite = compilingDb(sqliteDialect);
    assert.equal(await claimNextJob(sqlite.db, { workerId: 'worker-a', now: T0, leaseMs: LEASE_MS, kinds: ['submit'] }), null);
    assert.match(sqlite.statements[0] ?? '', /^update "jobs" set .* where "id" = \(select "id" from "jobs" where .* limit \? *\) and "state" = \? returning \*$/);
    assert.doesNotMatch(sqlite.statements[0] ?? '', /for update|skip locked/);
    assert.doesNotMatch(nextDueJobId(sqlite.db, { now: T0 }).compile().sql, /for update|skip locked/);
  });
});

/** A Kysely that runs nothing (every query returns no rows) and keeps the SQL it was given, as the dialect compiles it. */
function compilingDb(dialect: Pick<Dialect, 'createAdapter' | 'createIntrospector' | 'createQueryCompiler'>): { db: Kysely<Database>; statements: string[] } {
  const statements: string[] = [];
  const db = new Kysely<Database>({
    dialect: { ...dialect, createDriver: () => new DummyDriver() },
    log: (event) => void statements.push(event.query.sql),
  });
  return { db, statements };
}

const postgresDialect = {
  createAdapter: () => new PostgresAdapter(),
  createIntrospector: (kysely: Kysely<unknown>) => new PostgresIntrospector(kysely),
  createQueryCompiler: () => new PostgresQueryCompiler(),
};

const sqliteDialect = {
  createAdapter: () => new SqliteAdapter(),
  createIntrospector: (kysely: Kysely<unknown>) => new SqliteIntrospector(kysely),
  createQueryCompiler: () => new SqliteQueryCompiler(),
};

describe('settling needs the lease', () => {
  test('complete and fail by a worker that does not hold the lease throw LeaseLostError and change nothing', async () => {
    await enqueue('job');
    const job = await claimOrFail('worker-a');
    const before = await row('job');
    const impostor: ClaimedJob = { ...job, workerId: 'worker-b' };

    await assert.rejects(db.transaction().execute((trx) => completeJob(trx, impostor, at(SECOND))), LeaseLostError);
    await assert.rejects(retry(impostor, at(SECOND)), LeaseLostError);
    await assert.rejects(
      db.transaction().execute((trx) => failJob(trx, impostor, 'x', at(SECOND), { kind: 'later', runAt: at(MINUTE) })),
      LeaseLostError,
    );
    assert.equal(await extendLease(db, impostor, at(SECOND), LEASE_MS), false);
    await releaseJob(db, impostor, at(SECOND));
    assert.deepEqual(await row('job'), before);
  });

  test('a run whose lease expired and was reclaimed cannot settle, even under the same worker id', async () => {
    await enqueue('job');
    const stale = await claimOrFail('worker-a');
    await reclaimExpiredLeases(db, at(LEASE_MS + 1));
    const fresh = await claimOrFail('worker-a', at(LEASE_MS + 2));
    assert.equal(fresh.attempts, 2);

    await assert.rejects(db.transaction().execute((trx) => completeJob(trx, stale, at(LEASE_MS + 3))), LeaseLostError);
    assert.equal(await extendLease(db, stale, at(LEASE_MS + 3), LEASE_MS), false);
    assert.equal((await row('job')).state, 'running');

    await db.transaction().execute((trx) => completeJob(trx, fresh, at(LEASE_MS + 4)));
    const done = await row('job');
    assert.equal(done.state, 'done');
    assert.equal(done.finished_at, at(LEASE_MS + 4).toISOString());
    assert.equal(done.locked_by, null);
  });

  test('the holder extends its lease', async () => {
    await enqueue('job');
    const job = await claimOrFail();
    assert.equal(await extendLease(db, job, at(30 * SECOND), LEASE_MS), true);
    assert.equal((await row('job')).locked_until, at(30 * SECOND + LEASE_MS).toISOString());
    assert.deepEqual(await reclaimExpiredLeases(db, at(LEASE_MS + 1)), { requeued: 0, died: [] }, 'the extended lease has not expired');
  });
});

describe('retries', () => {
  test('backoff doubles from 30 s up to the 30 min cap, jitter between half and all of it', () => {
    const full = [1, 2, 3, 4, 5, 6, 7, 8, 20, 2000].map((attempt) => backoffMs(attempt, { random: () => 1 }));
    assert.deepEqual(full, [30, 60, 120, 240, 480, 960, 1800, 1800, 1800, 1800].map((s) => s * SECOND));
    const half = [1, 2, 3, 6, 7].map((attempt) => backoffMs(attempt, { random: () => 0 }));
    assert.deepEqual(half, [15, 30, 60, 480, 900].map((s) => s * SECOND));
    assert.equal(backoffMs(2, { random: () => 0.5 }), 45 * SECOND);
    assert.equal(backoffMs(3, { baseMs: 100, capMs: 250, random: () => 1 }), 250);
    for (let i = 0; i < 1000; i++) {
      const delay = backoffMs(4);
      assert.ok(delay >= 120 * SECOND && delay <= 240 * SECOND, `${delay} within [120 s, 240 s]`);
    }
  });

  test('each failed attempt waits its backoff; the last one makes the job dead', async () => {
    await enqueue('job', { maxAttempts: 4 });
    const randoms = [1, 0, 0.5];
    const expectedDelays = [30 * SECOND, 30 * SECOND, 90 * SECOND];
    let now = T0;
    for (const [index, random] of randoms.entries()) {
      const job = await claimOrFail('worker-a', now);
      assert.equal(job.attempts, index + 1);
      const decision = await retry(job, now, () => random);
      assert.deepEqual(decision, { state: 'pending', runAt: new Date(now.getTime() + (expectedDelays[index] ?? 0)) });
      const stored = await row('job');
      assert.deepEqual([stored.state, stored.attempts, stored.locked_by, stored.last_error], ['pending', index + 1, null, 'portal timed out']);
      assert.equal(await claim('worker-a', new Date(decision.runAt.getTime() - 1)), null, 'not before its backoff');
      now = decision.runAt;
    }
    const last = await claimOrFail('worker-a', now);
    assert.equal(last.attempts, 4);
    assert.deepEqual(await retry(last, now), { state: 'dead' });
    const dead = await row('job');
    assert.deepEqual([dead.state, dead.attempts, dead.finished_at], ['dead', 4, now.toISOString()]);
    assert.equal(await claim('worker-a', at(24 * 60 * MINUTE)), null);
  });

  test("'later' re-queues at the given time without spending an attempt", async () => {
    await enqueue('verify', { maxAttempts: 3 });
    let now = T0;
    for (let i = 0; i < 10; i++) {
      const job = await claimOrFail('worker-a', now);
      assert.equal(job.attempts, 1);
      const runAt = new Date(now.getTime() + 30 * MINUTE);
      const decision = await db.transaction().execute((trx) => failJob(trx, job, 'platform maintenance', now, { kind: 'later', runAt }));
      assert.deepEqual(decision, { state: 'pending', runAt });
      now = runAt;
    }
    const stored = await row('verify');
    assert.deepEqual([stored.state, stored.attempts, stored.run_at, stored.last_error], ['pending', 0, now.toISOString(), 'platform maintenance']);
  });

  test('releasing gives the attempt back and keeps the job first in line', async () => {
    await enqueue('job', { runAt: at(-MINUTE) });
    await enqueue('other');
    const job = await claimOrFail();
    await releaseJob(db, job, at(SECOND));
    const stored = await row('job');
    assert.deepEqual([stored.state, stored.attempts, stored.locked_by, stored.locked_until], ['pending', 0, null, null]);
    assert.equal((await claimOrFail('worker-b', at(2 * SECOND))).key, 'job');
  });
});

describe('expired leases', () => {
  test('go back to pending, or to dead when their attempts are used up', async () => {
    await enqueue('has-attempts-left', { maxAttempts: 2, createdAt: at(-2 * SECOND) });
    await enqueue('last-attempt', { maxAttempts: 1, createdAt: at(-SECOND) });
    await enqueue('still-leased');
    await claimOrFail('crashed', T0);
    await claimOrFail('crashed', T0);
    const alive = await claimNextJob(db, { workerId: 'alive', now: T0, leaseMs: 10 * LEASE_MS });
    assert.equal(alive?.key, 'still-leased');

    assert.deepEqual(await reclaimExpiredLeases(db, at(LEASE_MS)), { requeued: 0, died: [] }, 'a lease is good until its end');
    const { requeued, died } = await reclaimExpiredLeases(db, at(LEASE_MS + 1));
    assert.equal(requeued, 1);
    assert.deepEqual(
      died.map((job) => [job.key, job.state, job.attempts, job.finished_at]),
      [['last-attempt', 'dead', 1, at(LEASE_MS + 1).toISOString()]],
    );
    const requeuedRow = await row('has-attempts-left');
    assert.deepEqual([requeuedRow.state, requeuedRow.attempts, requeuedRow.locked_by], ['pending', 1, null]);
    assert.match(requeuedRow.last_error ?? '', /lease expired/);
    assert.equal((await row('still-leased')).state, 'running');

    assert.equal((await claimOrFail('worker-b', at(LEASE_MS + 2))).attempts, 2, 'the crashed run counted');
  });
});

describe('cancelling', () => {
  test('cancels a pending job by key; a running, finished or unknown one is left alone', async () => {
    await enqueue('pending');
    await enqueue('running', { createdAt: at(-MINUTE) });
    await claimOrFail();
    assert.equal(await cancelJob(db, 'pending', at(SECOND)), true);
    const cancelled = await row('pending');
    assert.deepEqual([cancelled.state, cancelled.finished_at], ['cancelled', at(SECOND).toISOString()]);
    assert.equal(await claim('worker-a', at(2 * SECOND)), null);

    assert.equal(await cancelJob(db, 'running', at(SECOND)), false);
    assert.equal((await row('running')).state, 'running');
    assert.equal(await cancelJob(db, 'pending', at(SECOND)), false, 'already cancelled');
    assert.equal(await cancelJob(db, 'no-such-key', at(SECOND)), false);
  });
});

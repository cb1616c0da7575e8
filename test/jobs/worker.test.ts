import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Transaction } from 'kysely';
import { AdjustableClock } from '../../src/clock.ts';
import type { Db } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/schema.ts';
import { enqueueJob } from '../../src/jobs/enqueue.ts';
import { claimNextJob, type ClaimedJob, type Job } from '../../src/jobs/queue.ts';
import { Worker, type JobHandler, type SettledResult, type WorkerOptions } from '../../src/jobs/worker.ts';
import { createLogger } from '../../src/log.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import type { StartedProcess } from '../support/process.ts';
import {
  allJobsDone,
  countBy,
  createRunLog,
  enqueueRecordJobs,
  jobsLeasedBy,
  runsOf,
  startWorkerChild,
  waitUntil as waitFor,
} from './fixtures/worker-fleet.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

let database: TestDatabase;
let db: Db;
let clock: AdjustableClock;
let logLines: string[];
const workers: Worker[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  db = database.db;
  clock = new AdjustableClock();
  logLines = [];
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  await database.dispose();
});

function startWorker(handlers: Record<string, JobHandler>, options: Partial<WorkerOptions> = {}): Worker {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const worker = new Worker({ db, clock, log: createLogger('debug', sink), handlers, pollMs: 20, backoff: { random: () => 1 }, ...options });
  workers.push(worker);
  worker.start();
  return worker;
}

async function enqueue(key: string, options: { kind?: string; maxAttempts?: number; payload?: Record<string, unknown> } = {}): Promise<void> {
  const payload = options.payload ?? { key };
  assert.ok(await enqueueJob(db, { kind: options.kind ?? 'test', key, payload, runAt: clock.now(), maxAttempts: options.maxAttempts ?? 3 }, clock.now()));
}

/** stop(), failing the test if it has not returned after `ms` (far more than it needs: no timing is measured). */
async function stopWithin(worker: Worker, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`worker.stop() still waiting after ${ms} ms`)), ms)));
  try {
    await Promise.race([worker.stop(), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function row(key: string): Promise<Job> {
  return db.selectFrom('jobs').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
}

function waitForState(key: string, state: Job['state'], attempts?: number): Promise<void> {
  return waitFor(`${key} is ${state}`, async () => {
    const job = await row(key);
    return job.state === state && (attempts === undefined || job.attempts === attempts);
  });
}

async function insertOwner(trx: Transaction<Database>, lineUserId: string): Promise<void> {
  const now = clock.now().toISOString();
  await trx.insertInto('owners').values({ line_user_id: lineUserId, display_name: null, following: 1, created_at: now, updated_at: now }).execute();
}

async function ownerExists(lineUserId: string): Promise<boolean> {
  return (await db.selectFrom('owners').select('line_user_id').where('line_user_id', '=', lineUserId).executeTakeFirst()) !== undefined;
}

/** A handler whose run is given by the test, recording what the worker told it. */
function recordingHandler(run: JobHandler['run'], extra: Partial<JobHandler> = {}) {
  const settled: SettledResult[] = [];
  const dead: Job[] = [];
  const handler: JobHandler = {
    run,
    async onSettled(trx, job, result) {
      settled.push(result);
      await extra.onSettled?.(trx, job, result);
    },
    async onDead(_trx, job) {
      dead.push(job);
    },
  };
  return { handler, settled, dead };
}

describe('worker', () => {
  test('runs a job to done and tells the handler in the same transaction', async () => {
    await enqueue('job');
    const seen: ClaimedJob[] = [];
    let wakes = 0;
    const { handler, settled } = recordingHandler(
      async ({ job }) => {
        seen.push(job);
        return { kind: 'done' };
      },
      { onSettled: (trx) => insertOwner(trx, 'U-done') },
    );
    const worker = startWorker({ test: handler }, { onSettled: () => (wakes += 1) });
    await waitForState('job', 'done');
    await worker.idle();
    assert.deepEqual(
      seen.map((job) => [job.key, job.attempts, job.payload]),
      [['job', 1, { key: 'job' }]],
    );
    assert.deepEqual(settled, [{ outcome: { kind: 'done' } }]);
    assert.equal(await ownerExists('U-done'), true);
    assert.equal(wakes, 1);
  });

  test('a throwing handler is retried with backoff, then dead, and onDead is called once', async () => {
    await enqueue('flaky', { maxAttempts: 3, payload: { password: 'hunter2' } });
    let runs = 0;
    const { handler, settled, dead } = recordingHandler(async () => {
      runs += 1;
      throw new Error(`portal timed out (run ${runs})`);
    });
    startWorker({ test: handler });

    await waitForState('flaky', 'pending', 1);
    const first = await row('flaky');
    assert.equal(Date.parse(first.run_at) - Date.parse(first.updated_at), 30 * SECOND);
    await sleep(100);
    assert.equal(runs, 1, 'not run again before its backoff');

    clock.advance(30 * SECOND);
    await waitForState('flaky', 'pending', 2);
    const second = await row('flaky');
    assert.equal(Date.parse(second.run_at) - Date.parse(second.updated_at), 60 * SECOND);
    assert.equal(second.last_error, 'portal timed out (run 2)');

    clock.advance(60 * SECOND);
    await waitForState('flaky', 'dead', 3);
    await sleep(100);
    assert.equal(runs, 3);
    assert.deepEqual(
      settled.map((result) => [result.outcome.kind, result.decision?.state]),
      [['retry', 'pending'], ['retry', 'pending'], ['retry', 'dead']],
    );
    assert.deepEqual(
      dead.map((job) => [job.key, job.state, job.last_error]),
      [['flaky', 'dead', 'portal timed out (run 3)']],
    );
    assert.ok(logLines.some((line) => line.includes('job failed on its last attempt')));
    assert.ok(!logLines.join('').includes('hunter2'), 'the payload never reaches the log');
  });

  test('one failing job does not stop the others; an unknown kind fails with its name', async () => {
    await enqueue('mystery', { kind: 'mystery', maxAttempts: 1 });
    await enqueue('boom', { maxAttempts: 1 });
    await enqueue('fine');
    const worker = startWorker(
      {
        test: {
          async run({ job }) {
            if (job.key === 'boom') throw new Error('boom');
            return { kind: 'done' };
          },
        },
      },
      { concurrency: 2 },
    );
    await waitForState('fine', 'done');
    await waitForState('boom', 'dead');
    await waitForState('mystery', 'dead');
    await worker.idle();
    assert.equal((await row('mystery')).last_error, 'no handler for job kind "mystery"');
  });

  test("a 'later' outcome waits until its time without spending an attempt", async () => {
    await enqueue('verify', { maxAttempts: 1 });
    const runAt = new Date(clock.now().getTime() + 30 * MINUTE);
    const { handler, settled } = recordingHandler(async () => ({ kind: 'later', runAt, reason: 'ranges not listed yet' }));
    const worker = startWorker({ test: handler });
    await waitForState('verify', 'pending');
    await worker.idle();
    const stored = await row('verify');
    assert.deepEqual([stored.attempts, stored.run_at, stored.last_error], [0, runAt.toISOString(), 'ranges not listed yet']);
    assert.deepEqual(settled, [{ outcome: { kind: 'later', runAt, reason: 'ranges not listed yet' }, decision: { state: 'pending', runAt } }]);
  });

  test('a job whose worker crashed on its last attempt dies at the sweep and onDead is called once', async () => {
    await enqueue('orphan', { maxAttempts: 1 });
    const claimed = await claimNextJob(db, { workerId: 'crashed-worker', now: clock.now(), leaseMs: MINUTE });
    assert.ok(claimed);
    let runs = 0;
    const { handler, dead } = recordingHandler(async () => {
      runs += 1;
      return { kind: 'done' };
    });
    const worker = startWorker({ test: handler });
    await sleep(100);
    assert.equal((await row('orphan')).state, 'running', 'the lease is still good');

    clock.advance(MINUTE + 1);
    worker.kick();
    await waitForState('orphan', 'dead');
    await sleep(100);
    assert.deepEqual(
      dead.map((job) => [job.key, job.state]),
      [['orphan', 'dead']],
    );
    assert.equal(runs, 0);
  });
});

describe('settling is atomic with the handler’s writes', () => {
  test('when the lease is stolen, the heartbeat aborts the run and nothing of its outcome commits', async () => {
    await enqueue('job');
    let aborted = false;
    const { handler } = recordingHandler(
      async ({ signal }) => {
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        aborted = true;
        return { kind: 'done' };
      },
      { onSettled: (trx) => insertOwner(trx, 'U-stolen') },
    );
    const worker = startWorker({ test: handler }, { heartbeatMs: 30 });
    await waitForState('job', 'running');
    await db.updateTable('jobs').set({ locked_by: 'another-worker' }).where('key', '=', 'job').execute();
    await waitFor('the run is aborted', async () => aborted);
    await worker.idle();

    assert.equal(await ownerExists('U-stolen'), false);
    const stored = await row('job');
    assert.deepEqual([stored.state, stored.locked_by], ['running', 'another-worker']);
    assert.ok(logLines.some((line) => line.includes('job lease lost')));
  });

  test('when onSettled fails after writing, its write and the completion roll back together and the job is retried', async () => {
    await enqueue('job');
    const { handler } = recordingHandler(async () => ({ kind: 'done' }), {
      async onSettled(trx, _job, { outcome }) {
        if (outcome.kind !== 'done') return;
        await insertOwner(trx, 'U-half');
        throw new Error('message builder failed');
      },
    });
    const worker = startWorker({ test: handler });
    await waitForState('job', 'pending', 1);
    await worker.idle();
    assert.equal(await ownerExists('U-half'), false);
    assert.equal((await row('job')).last_error, 'recording the outcome failed: message builder failed');
  });
});

describe('shutdown and leases', () => {
  test('stop lets a short job finish', async () => {
    await enqueue('short');
    let signalAborted: boolean | undefined;
    const worker = startWorker({
      test: {
        async run({ signal }) {
          await sleep(200);
          signalAborted = signal.aborted;
          return { kind: 'done' };
        },
      },
    });
    await waitForState('short', 'running');
    await worker.stop();
    assert.equal((await row('short')).state, 'done');
    assert.equal(signalAborted, false);
  });

  test('stop aborts a long job after the grace period and gives it back without spending the attempt', async () => {
    await enqueue('long');
    let signal: AbortSignal | undefined;
    const worker = startWorker(
      {
        test: {
          async run(ctx) {
            signal = ctx.signal;
            await sleep(60_000, undefined, { signal: ctx.signal });
            return { kind: 'done' };
          },
        },
      },
      { shutdownGraceMs: 100 },
    );
    await waitForState('long', 'running', 1);
    const started = Date.now();
    await worker.stop();
    assert.ok(Date.now() - started < 2000);
    assert.equal(signal?.aborted, true);
    const stored = await row('long');
    assert.deepEqual([stored.state, stored.attempts, stored.locked_by, stored.locked_until], ['pending', 0, null, null]);
    worker.kick();
    await sleep(50);
    assert.equal((await row('long')).state, 'pending', 'a stopped worker claims nothing');
  });

  test('stop does not wait for a job waiting for its owner: it is aborted at once and given back', async () => {
    await enqueue('captcha');
    let waiting: () => void = () => undefined;
    const isWaiting = new Promise<void>((resolve) => (waiting = resolve));
    const worker = startWorker(
      {
        test: {
          async run(ctx) {
            await ctx.waitingForOwner(async () => {
              waiting();
              await sleep(10 * MINUTE, undefined, { signal: ctx.signal });
            });
            return { kind: 'done' };
          },
        },
      },
      // A grace no test could sit out: only the owner wait's own rule can make stop() return.
      { shutdownGraceMs: 10 * MINUTE },
    );
    await isWaiting;
    await stopWithin(worker, 15 * SECOND);
    const stored = await row('captcha');
    assert.deepEqual([stored.state, stored.attempts, stored.locked_by, stored.locked_until], ['pending', 0, null, null]);
    assert.ok(logLines.some((line) => line.includes('job waiting for the owner at shutdown')));
  });

  test('a job that starts waiting for its owner while the worker stops is aborted as it starts', async () => {
    await enqueue('late-captcha');
    let stopping: () => void = () => undefined;
    const stopBegan = new Promise<void>((resolve) => (stopping = resolve));
    let running: () => void = () => undefined;
    const isRunning = new Promise<void>((resolve) => (running = resolve));
    let waitedFor: boolean | undefined;
    const worker = startWorker(
      {
        test: {
          async run(ctx) {
            running();
            await stopBegan; // platform work, which the grace lets finish
            return ctx.waitingForOwner(async () => {
              waitedFor = !ctx.signal.aborted;
              await sleep(10 * MINUTE, undefined, { signal: ctx.signal });
              return { kind: 'done' as const };
            });
          },
        },
      },
      { shutdownGraceMs: 10 * MINUTE },
    );
    await isRunning;
    const stopped = stopWithin(worker, 15 * SECOND);
    stopping();
    await stopped;
    assert.equal(waitedFor, false, 'aborted before the wait began');
    const stored = await row('late-captcha');
    assert.deepEqual([stored.state, stored.attempts], ['pending', 0]);
  });

  test('the heartbeat keeps a long job’s lease alive past leaseMs', async () => {
    await enqueue('long');
    let runs = 0;
    const handler: JobHandler = {
      async run() {
        runs += 1;
        await sleep(1000);
        return { kind: 'done' };
      },
    };
    startWorker({ test: handler }, { workerId: 'holder', leaseMs: 300, heartbeatMs: 100 });
    await waitForState('long', 'running');
    // A second worker sweeps and claims every 20 ms: it would take the job over if the lease ever ran out.
    startWorker({ test: handler }, { workerId: 'sweeper', leaseMs: 300 });
    await waitForState('long', 'done');
    const stored = await row('long');
    assert.deepEqual([runs, stored.attempts, stored.last_error], [1, 1, null]);
  });
});

describe('worker processes on one database', () => {
  const JOBS = 200;

  test('never run the same job twice, and both do work', { timeout: 60_000 }, async () => {
    await createRunLog(db);
    const children = [startWorkerChild(database.url), startWorkerChild(database.url)];
    try {
      await Promise.all(children.map((child) => child.waitForLog('worker child ready', 30_000)));
      await enqueueRecordJobs(db, JOBS);
      await waitFor('every job is done', () => allJobsDone(db), 45_000);

      const started = await runsOf(db, 'run');
      assert.equal(started.length, JOBS, 'each job ran exactly once');
      assert.equal(countBy(started, (run) => run.job_id).size, JOBS);
      const byPid = countBy(started, (run) => run.pid);
      assert.deepEqual([...byPid.keys()].sort(), children.map((child) => child.child.pid).sort(), 'both processes did work');
      const jobs = await db.selectFrom('jobs').select(['attempts']).execute();
      assert.ok(jobs.every((job) => job.attempts === 1));
    } finally {
      await Promise.all(children.map((child) => child.stop()));
    }
  });

  test('a worker killed mid-run: its leased jobs are reclaimed after the lease and every job ends done exactly once', { timeout: 60_000 }, async () => {
    await createRunLog(db);
    const doomed = startWorkerChild(database.url, { WORKER_ID: 'doomed', SLEEP_MS: '50' });
    const others: StartedProcess[] = [];
    try {
      await doomed.waitForLog('worker child ready', 30_000);
      await enqueueRecordJobs(db, JOBS);
      await waitFor('the doomed worker has done some jobs', async () => (await runsOf(db, 'settled')).length >= 20);
      doomed.child.kill('SIGKILL');
      await doomed.exited;
      const leasedAtKill = await jobsLeasedBy(db, 'doomed');
      assert.ok(leasedAtKill.length > 0, 'the worker was killed while holding jobs');

      others.push(startWorkerChild(database.url, { WORKER_ID: 'restarted', SLEEP_MS: '50' }), startWorkerChild(database.url, { WORKER_ID: 'second', SLEEP_MS: '50' }));
      await waitFor('every job is done', () => allJobsDone(db), 45_000);

      const settled = await runsOf(db, 'settled');
      const settledPerJob = countBy(settled, (run) => run.job_id);
      assert.equal(settledPerJob.size, JOBS);
      assert.ok([...settledPerJob.values()].every((count) => count === 1), 'every job settled exactly once');
      for (const id of leasedAtKill) {
        // Two attempts: the killed run (counted at claim) and the run after the reclaim.
        const job = await db.selectFrom('jobs').select(['state', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow();
        assert.deepEqual(job, { state: 'done', attempts: 2 });
      }
      const pids = new Set(settled.map((run) => run.pid));
      assert.equal(pids.size, 3, 'the killed worker, its restart and the second worker all finished jobs');
    } finally {
      await Promise.all([doomed.stop(), ...others.map((child) => child.stop())]);
    }
  });
});

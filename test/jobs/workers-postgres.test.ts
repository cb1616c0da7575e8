/**
 * Scale-out: several worker processes on one database, one of them killed while it holds
 * jobs. Written for PostgreSQL (claims side by side with SKIP LOCKED); it runs on the engine
 * of the run, and on SQLite the same guarantees hold with the file's single writer.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.ts';
import type { StartedProcess } from '../support/process.ts';
import {
  allJobsDone,
  countBy,
  createRunLog,
  enqueueRecordJobs,
  jobsLeasedBy,
  runsOf,
  startWorkerChild,
  waitUntil,
  type JobRun,
} from './fixtures/worker-fleet.ts';

const JOBS = 200;
const WORKERS = 4;
const VICTIM = 'worker-0';
/** Long enough for the victim to be mid-run when killed, short enough for 200 jobs in a few seconds. */
const SLEEP_MS = '100';
const ENGINE = testDatabaseKind() === 'postgres' ? 'PostgreSQL' : 'SQLite';

let database: TestDatabase;
let children: StartedProcess[];

beforeEach(async () => {
  database = await createTestDatabase();
  children = [];
});
afterEach(async () => {
  await Promise.all(children.map((child) => child.stop()));
  await database.dispose();
});

test(`runs ${JOBS} jobs with ${WORKERS} worker processes on ${ENGINE} and a SIGKILL of one: each job done exactly once`, { timeout: 90_000 }, async () => {
  const { db } = database;
  await createRunLog(db);
  children = Array.from({ length: WORKERS }, (_, i) => startWorkerChild(database.url, { WORKER_ID: `worker-${i}`, SLEEP_MS }));
  await Promise.all(children.map((child) => child.waitForLog('worker child ready', 30_000)));
  const [victim] = children;
  assert.ok(victim?.child.pid);
  const victimPid = victim.child.pid;

  await enqueueRecordJobs(db, JOBS);
  // Killed once it has finished some jobs and holds others: those runs are cut mid-way.
  await waitUntil('the victim has finished some jobs and holds others', async () => {
    const settledByVictim = (await runsOf(db, 'settled')).filter((run) => run.pid === victimPid).length;
    return settledByVictim >= 8 && (await jobsLeasedBy(db, VICTIM)).length > 0;
  }, 30_000);
  victim.child.kill('SIGKILL');
  await victim.exited;
  const leasedAtKill = new Set(await jobsLeasedBy(db, VICTIM));
  assert.ok(leasedAtKill.size > 0, 'the victim was killed while holding jobs');

  // The survivors finish the rest and, once the 1.5 s lease runs out, the victim's jobs.
  await waitUntil('every job is done', () => allJobsDone(db), 60_000);
  const jobs = await db.selectFrom('jobs').select(['id', 'state', 'attempts']).execute();
  assert.equal(jobs.length, JOBS);
  assert.deepEqual(new Set(jobs.map((job) => job.state)), new Set(['done']));

  const started = await runsOf(db, 'run');
  const completed = await runsOf(db, 'settled');
  assertCompletedOncePerJob(jobs.map((job) => job.id), completed);
  assertOnlyKilledRunsRepeated(jobs, leasedAtKill, started, completed, victimPid);

  const completedBy = countBy(completed, (run) => run.pid);
  assert.deepEqual([...completedBy.keys()].sort(), children.map((child) => child.child.pid).sort(), 'all four processes completed jobs');
});

/** A completion row commits with the job's `done`: exactly one per job, whoever ran it. */
function assertCompletedOncePerJob(jobIds: readonly string[], completed: readonly JobRun[]): void {
  const perJob = countBy(completed, (run) => run.job_id);
  assert.equal(completed.length, jobIds.length, 'as many completed runs as jobs');
  for (const id of jobIds) assert.equal(perJob.get(id), 1, `job ${id} completed exactly once`);
}

/**
 * Only the jobs the victim held were run again: their first attempt was cut by the kill (started
 * at most, never completed) and the second, by a survivor, completed. Every other job ran once.
 */
function assertOnlyKilledRunsRepeated(
  jobs: readonly { id: string; attempts: number }[],
  leasedAtKill: ReadonlySet<string>,
  started: readonly JobRun[],
  completed: readonly JobRun[],
  victimPid: number,
): void {
  const startsPerJob = countBy(started, (run) => run.job_id);
  const completedBy = new Map(completed.map((run) => [run.job_id, run.pid]));
  for (const job of jobs) {
    const starts = startsPerJob.get(job.id) ?? 0;
    if (leasedAtKill.has(job.id)) {
      // The kill may have come between the claim and the run's first write: one or two starts.
      assert.equal(job.attempts, 2, `job ${job.id}: the killed attempt and the one that completed`);
      assert.ok(starts >= 1 && starts <= 2, `job ${job.id} started ${starts} times`);
      assert.notEqual(completedBy.get(job.id), victimPid, `job ${job.id} was completed by a survivor`);
    } else {
      assert.equal(job.attempts, 1, `job ${job.id} took one attempt`);
      assert.equal(starts, 1, `job ${job.id} started once`);
    }
  }
}

import type { Kysely, SelectQueryBuilder, Transaction, UpdateQueryBuilder } from 'kysely';
import { dialectOf } from '../db/dialect.ts';
import type { Database, Job } from '../db/schema.ts';
import { backoffMs, type BackoffOptions } from './backoff.ts';

export type { Job } from '../db/schema.ts';

type Db = Kysely<Database>;

/** A job this worker holds the lease of. */
export interface ClaimedJob {
  readonly id: string;
  readonly kind: string;
  readonly key: string;
  readonly payload: unknown;
  /** Counted at claim, so a job that crashes its worker still runs out of attempts; 1 on the first run. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly workerId: string;
}

/** A worker tried to settle a job whose lease it no longer holds (it expired and was reclaimed, or the job was released). */
export class LeaseLostError extends Error {
  constructor(
    readonly jobId: string,
    readonly workerId: string,
  ) {
    super(`job ${jobId}: worker ${workerId} no longer holds its lease`);
    this.name = 'LeaseLostError';
  }
}

export type FailureDecision = { readonly state: 'pending'; readonly runAt: Date } | { readonly state: 'dead' };

export type FailureMode = { readonly kind: 'retry' } | { readonly kind: 'later'; readonly runAt: Date };

export interface ClaimOptions {
  readonly workerId: string;
  readonly now: Date;
  readonly leaseMs: number;
  /** Only jobs of these kinds; all kinds when absent. */
  readonly kinds?: readonly string[];
}

const MAX_ERROR_LENGTH = 2000;
const LEASE_EXPIRED_ERROR = 'lease expired: the worker stopped before finishing the job';

/**
 * Atomically takes the oldest due pending job: one UPDATE whose WHERE repeats
 * `state = 'pending'`, so two claimers racing for the same row cannot both win.
 */
export async function claimNextJob(db: Db, options: ClaimOptions): Promise<ClaimedJob | null> {
  if (options.kinds && options.kinds.length === 0) return null;
  const { workerId, now, leaseMs } = options;
  const row = await db
    .updateTable('jobs')
    .set((eb) => ({
      state: 'running',
      attempts: eb('attempts', '+', 1),
      locked_by: workerId,
      locked_until: new Date(now.getTime() + leaseMs).toISOString(),
      updated_at: now.toISOString(),
    }))
    .where('id', '=', nextDueJobId(db, options))
    .where('state', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
  return row ? toClaimedJob(row, workerId) : null;
}

/** The claim's subquery; exported so a test can check the SQL each dialect gets. */
export function nextDueJobId(db: Db, options: Pick<ClaimOptions, 'now' | 'kinds'>): SelectQueryBuilder<Database, 'jobs', { id: string }> {
  const query = db
    .selectFrom('jobs')
    .select('id')
    .where('state', '=', 'pending')
    .where('run_at', '<=', options.now.toISOString())
    .$if(options.kinds !== undefined, (qb) => qb.where('kind', 'in', options.kinds ?? []))
    .orderBy('run_at')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1);
  return skipLockedRows(db, query);
}

/**
 * The one dialect-specific piece. PostgreSQL runs claimers side by side, so each
 * skips rows another is claiming instead of waiting for them and then finding
 * them taken. SQLite has a single writer (the UPDATE holds the write lock from its
 * first read) and does not know the clause.
 */
function skipLockedRows<O>(db: Db, query: SelectQueryBuilder<Database, 'jobs', O>): SelectQueryBuilder<Database, 'jobs', O> {
  return dialectOf(db) === 'postgres' ? query.forUpdate().skipLocked() : query;
}

function toClaimedJob(row: Job, workerId: string): ClaimedJob {
  return {
    id: row.id,
    kind: row.kind,
    key: row.key,
    payload: JSON.parse(row.payload_json) as unknown,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    workerId,
  };
}

/**
 * Only the run that claimed the job may touch it. `attempts` is the fencing
 * token: a job reclaimed and claimed again (even under the same worker id, after
 * a stall longer than the lease) has a higher count, so the stale run matches nothing.
 */
function whereHeldBy<O>(query: UpdateQueryBuilder<Database, 'jobs', 'jobs', O>, job: ClaimedJob): UpdateQueryBuilder<Database, 'jobs', 'jobs', O> {
  return query
    .where('id', '=', job.id)
    .where('state', '=', 'running')
    .where('locked_by', '=', job.workerId)
    .where('attempts', '=', job.attempts);
}

/** Heartbeat: pushes the lease forward; false when the lease was lost. */
export async function extendLease(db: Db, job: ClaimedJob, now: Date, leaseMs: number): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ locked_until: new Date(now.getTime() + leaseMs).toISOString(), updated_at: now.toISOString() })
    .$call((query) => whereHeldBy(query, job))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Marks done, only if this worker still holds the lease. Takes a Transaction so
 * the caller commits its own writes (the owner's result message) together with
 * completion; throws LeaseLostError, rolling the caller's transaction back, when
 * the lease is gone (another worker owns the job now).
 */
export async function completeJob(trx: Transaction<Database>, job: ClaimedJob, now: Date): Promise<void> {
  const result = await trx
    .updateTable('jobs')
    .set({ state: 'done', locked_by: null, locked_until: null, updated_at: now.toISOString(), finished_at: now.toISOString() })
    .$call((query) => whereHeldBy(query, job))
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new LeaseLostError(job.id, job.workerId);
}

/**
 * Records a failed run. 'retry' spends the attempt: back to pending after a
 * backoff, or dead once max_attempts runs have failed. 'later' (platform
 * maintenance, proof not there yet) re-queues at runAt and gives the attempt
 * back, since nothing went wrong with the job itself. Lease-checked like
 * completeJob (throws LeaseLostError).
 */
export async function failJob(
  trx: Transaction<Database>,
  job: ClaimedJob,
  error: string,
  now: Date,
  mode: FailureMode,
  backoff?: BackoffOptions,
): Promise<FailureDecision> {
  const decision = decideFailure(job, now, mode, backoff);
  const result = await trx
    .updateTable('jobs')
    .set({
      state: decision.state,
      attempts: mode.kind === 'later' ? job.attempts - 1 : job.attempts,
      run_at: decision.state === 'pending' ? decision.runAt.toISOString() : undefined,
      locked_by: null,
      locked_until: null,
      last_error: error.slice(0, MAX_ERROR_LENGTH),
      updated_at: now.toISOString(),
      finished_at: decision.state === 'dead' ? now.toISOString() : null,
    })
    .$call((query) => whereHeldBy(query, job))
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new LeaseLostError(job.id, job.workerId);
  return decision;
}

/** Pure: what a failure means for this job (the fence guarantees `job.attempts` is the stored count). */
function decideFailure(job: ClaimedJob, now: Date, mode: FailureMode, backoff?: BackoffOptions): FailureDecision {
  if (mode.kind === 'later') return { state: 'pending', runAt: mode.runAt };
  if (job.attempts >= job.maxAttempts) return { state: 'dead' };
  return { state: 'pending', runAt: new Date(now.getTime() + backoffMs(job.attempts, backoff)) };
}

/** Gives a job back without spending its attempt (graceful shutdown). Does nothing when the lease is already gone. */
export async function releaseJob(db: Db, job: ClaimedJob, now: Date): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ state: 'pending', attempts: job.attempts - 1, locked_by: null, locked_until: null, updated_at: now.toISOString() })
    .$call((query) => whereHeldBy(query, job))
    .execute();
}

/**
 * The sweeper: a lease that ran out means its worker died or hung. Such jobs go
 * back to pending, or to dead when that run was their last attempt (the attempt
 * was counted at claim). Returns the jobs that just died, so their owners can be told.
 */
export async function reclaimExpiredLeases(db: Db, now: Date): Promise<{ requeued: number; died: Job[] }> {
  const expired = now.toISOString();
  const died = await db
    .updateTable('jobs')
    .set({ state: 'dead', locked_by: null, locked_until: null, last_error: LEASE_EXPIRED_ERROR, updated_at: expired, finished_at: expired })
    .where('state', '=', 'running')
    .where('locked_until', '<', expired)
    .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
    .returningAll()
    .execute();
  const requeued = await db
    .updateTable('jobs')
    .set({ state: 'pending', locked_by: null, locked_until: null, last_error: LEASE_EXPIRED_ERROR, updated_at: expired })
    .where('state', '=', 'running')
    .where('locked_until', '<', expired)
    .executeTakeFirst();
  return { requeued: Number(requeued.numUpdatedRows), died };
}

/**
 * Cancels a job that has not started. A running job is not interrupted: it may
 * already have written to the platform, and its result must still be recorded.
 * Returns false when there was no pending job with this key.
 */
export async function cancelJob(db: Db, key: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ state: 'cancelled', locked_by: null, locked_until: null, updated_at: now.toISOString(), finished_at: now.toISOString() })
    .where('key', '=', key)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Moves every running lease forward by `ms`: what the playground does when it jumps its clock ahead, so a
 * job that is still running is not taken for one whose worker died. Time that passes for real never needs it.
 */
export async function postponeRunningLeases(db: Db, ms: number): Promise<number> {
  const running = await db.selectFrom('jobs').select(['id', 'locked_until']).where('state', '=', 'running').execute();
  for (const job of running) {
    if (job.locked_until === null) continue;
    const until = new Date(new Date(job.locked_until).getTime() + ms).toISOString();
    await db.updateTable('jobs').set({ locked_until: until }).where('id', '=', job.id).where('state', '=', 'running').execute();
  }
  return running.length;
}

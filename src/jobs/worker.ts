import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import type { BackoffOptions } from './backoff.ts';
import {
  claimNextJob,
  completeJob,
  extendLease,
  failJob,
  LeaseLostError,
  reclaimExpiredLeases,
  releaseJob,
  type ClaimedJob,
  type FailureDecision,
  type Job,
} from './queue.ts';

export type JobOutcome = { kind: 'done' } | { kind: 'retry'; error: string } | { kind: 'later'; runAt: Date; reason: string };

export interface JobContext {
  readonly job: ClaimedJob;
  /** Aborted when the worker shuts down past its grace period or loses the lease: close the browser and return. */
  readonly signal: AbortSignal;
  readonly now: () => Date;
  /**
   * Runs a wait on a person, e.g. for the owner's captcha answer, which may take minutes. Shutdown
   * does not wait for such a wait: it aborts `signal` at once and gives the job back without spending
   * an attempt, for a restarted or another worker to ask again. Wrap only the waiting, not platform work.
   */
  waitingForOwner<T>(wait: () => Promise<T>): Promise<T>;
}

export interface SettledResult {
  readonly outcome: JobOutcome;
  /** Present when the outcome was a failure ('retry' or 'later'). */
  readonly decision?: FailureDecision;
}

export interface JobHandler {
  run(ctx: JobContext): Promise<JobOutcome>;
  /**
   * Called inside the transaction that records the outcome: write the owner's
   * message here so it commits with the job's new state. Use `trx`, not the
   * worker's db, for every query (SQLite has one connection, held by `trx`).
   */
  onSettled?(trx: Transaction<Database>, job: ClaimedJob, result: SettledResult): Promise<void>;
  /** Called (in a transaction) for a job that just died, including one whose worker crashed on its last attempt. */
  onDead?(trx: Transaction<Database>, job: Job): Promise<void>;
}

export interface WorkerOptions {
  readonly db: Kysely<Database>;
  readonly log: Logger;
  readonly clock: Clock;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly workerId?: string;
  readonly concurrency?: number;
  readonly pollMs?: number;
  /** Longer than the slowest run's browser timeout; a heartbeat keeps it fresh. */
  readonly leaseMs?: number;
  readonly heartbeatMs?: number;
  /** How long stop() lets running jobs finish before aborting them (a run waiting for the owner is aborted at once). */
  readonly shutdownGraceMs?: number;
  /** How long stop() waits for aborted runs to unwind before giving their jobs back itself. */
  readonly abortUnwindMs?: number;
  /** Retry schedule (tests pin the jitter). */
  readonly backoff?: BackoffOptions;
  /** Called after an outcome (or a death found by the sweeper) has committed, e.g. to wake message delivery. */
  readonly onSettled?: () => void;
}

const DEFAULT_LEASE_MS = 5 * 60_000;
const DEFAULT_SHUTDOWN_GRACE_MS = 20_000;
const DEFAULT_ABORT_UNWIND_MS = 5_000;

class ShutdownAbort extends Error {
  constructor() {
    super('worker shutting down');
    this.name = 'ShutdownAbort';
  }
}

class OnDeadFailed extends Error {
  constructor(
    readonly jobId: string,
    override readonly cause: unknown,
  ) {
    super(`onDead failed for job ${jobId}`);
    this.name = 'OnDeadFailed';
  }
}

interface ActiveRun {
  readonly job: ClaimedJob;
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

/** A run's waits on a person under way (see JobContext.waitingForOwner). */
interface RunState {
  readonly job: ClaimedJob;
  readonly controller: AbortController;
  waitingForOwner: number;
}

/**
 * Runs queued jobs: on start, every pollMs and on kick() it frees expired leases
 * and claims up to `concurrency` jobs. Each run keeps its lease alive with a
 * heartbeat and records its outcome in one transaction with the handler's own writes.
 */
export class Worker {
  readonly workerId: string;
  readonly #options: WorkerOptions;
  readonly #concurrency: number;
  readonly #pollMs: number;
  readonly #leaseMs: number;
  readonly #heartbeatMs: number;
  readonly #shutdownGraceMs: number;
  readonly #abortUnwindMs: number;
  readonly #waits = new Map<string, RunState>();
  readonly #active = new Map<string, ActiveRun>();
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  #tickAgain = false;
  /** Set by start, the poll timer and kick(); a job finishing only looks for more work. */
  #reclaimDue = false;
  #stopping = false;

  constructor(options: WorkerOptions) {
    this.#options = options;
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.#concurrency = Math.max(1, options.concurrency ?? 1);
    this.#pollMs = options.pollMs ?? 1000;
    this.#leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.#heartbeatMs = options.heartbeatMs ?? Math.floor(this.#leaseMs / 3);
    this.#shutdownGraceMs = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
    this.#abortUnwindMs = options.abortUnwindMs ?? DEFAULT_ABORT_UNWIND_MS;
  }

  start(): void {
    if (this.#timer || this.#stopping) return;
    this.#timer = setInterval(() => this.kick(), this.#pollMs);
    this.kick();
  }

  /** Looks for work now; kicks during a look are folded into one more look. */
  kick(): void {
    this.#reclaimDue = true;
    this.lookForWork();
  }

  private lookForWork(): void {
    if (this.#stopping) return;
    if (this.#ticking) {
      this.#tickAgain = true;
      return;
    }
    this.#ticking = this.tick().finally(() => {
      this.#ticking = undefined;
      if (this.#tickAgain) {
        this.#tickAgain = false;
        this.lookForWork();
      }
    });
  }

  /** Resolves when nothing is running (no look for work, no job). */
  async idle(): Promise<void> {
    while (this.#ticking || this.#active.size > 0) {
      await Promise.all([this.#ticking, ...[...this.#active.values()].map((run) => run.done)]);
    }
  }

  /**
   * Stops claiming. A run waiting for its owner (a captcha answer) is aborted at once; the others get
   * up to shutdownGraceMs to finish, then are aborted too. Aborted runs give their jobs back without
   * spending an attempt.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#timer);
    for (const run of this.#waits.values()) {
      if (run.waitingForOwner > 0) this.abortWaiting(run);
    }
    await this.#ticking;
    if (await this.settledWithin(this.#shutdownGraceMs)) return;
    const { log } = this.#options;
    log.warn({ workerId: this.workerId, jobIds: [...this.#active.keys()] }, 'jobs still running at shutdown: aborting them and giving them back');
    for (const run of this.#active.values()) run.controller.abort(new ShutdownAbort());
    if (await this.settledWithin(this.#abortUnwindMs)) return;
    // A handler that ignores its signal: give the job back anyway. Its late result
    // fails the lease check and is dropped, so only one run's result is ever recorded.
    await Promise.all([...this.#active.values()].map((run) => this.release(run.job)));
  }

  private async settledWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const settled = this.idle().then(() => true);
    const result = await Promise.race([settled, timeout]);
    clearTimeout(timer);
    return result;
  }

  private async tick(): Promise<void> {
    try {
      if (this.#reclaimDue) {
        this.#reclaimDue = false;
        await this.reclaim();
      }
      while (!this.#stopping && this.#active.size < this.#concurrency) {
        const job = await claimNextJob(this.#options.db, { workerId: this.workerId, now: this.#options.clock.now(), leaseMs: this.#leaseMs });
        if (!job) return;
        this.launch(job);
      }
    } catch (error) {
      // A busy or unreachable database: the next poll tries again.
      this.#options.log.error({ workerId: this.workerId, error: messageOf(error) }, 'looking for jobs failed');
    }
  }

  /** Frees expired leases; jobs that died with them are told to their handler in the same transaction. */
  private async reclaim(): Promise<void> {
    const { db, log, clock } = this.#options;
    const now = clock.now();
    let result: { requeued: number; died: Job[] };
    try {
      result = await db.transaction().execute(async (trx) => {
        const reclaimed = await reclaimExpiredLeases(trx, now);
        for (const job of reclaimed.died) await this.tellDead(trx, job);
        return reclaimed;
      });
    } catch (error) {
      if (!(error instanceof OnDeadFailed)) throw error;
      // A failing onDead must not keep dead jobs running forever: record the deaths without it.
      log.error({ jobId: error.jobId, error: messageOf(error.cause) }, 'telling the handler about a dead job failed; marking the dead jobs without it');
      result = await reclaimExpiredLeases(db, now);
    }
    if (result.requeued > 0) log.warn({ workerId: this.workerId, requeued: result.requeued }, 'expired job leases reclaimed: their workers stopped');
    for (const job of result.died) log.error({ jobId: job.id, kind: job.kind, attempts: job.attempts }, 'job died: its worker stopped during the last attempt');
    if (result.died.length > 0) this.wake();
  }

  private async tellDead(trx: Transaction<Database>, job: Job): Promise<void> {
    try {
      await this.#options.handlers[job.kind]?.onDead?.(trx, job);
    } catch (error) {
      throw new OnDeadFailed(job.id, error);
    }
  }

  /** A run waiting for a person at shutdown: nothing to finish, so it stops now and its job goes back. */
  private abortWaiting({ job, controller }: RunState): void {
    if (controller.signal.aborted) return;
    this.#options.log.info({ jobId: job.id, kind: job.kind }, 'job waiting for the owner at shutdown: stopping it now to give it back');
    controller.abort(new ShutdownAbort());
  }

  private launch(job: ClaimedJob): void {
    const controller = new AbortController();
    this.#waits.set(job.id, { job, controller, waitingForOwner: 0 });
    const done = this.runJob(job, controller).finally(() => {
      this.#active.delete(job.id);
      this.#waits.delete(job.id);
      this.lookForWork();
    });
    this.#active.set(job.id, { job, controller, done });
  }

  /** Never throws: one job's failure must not stop the loop. */
  private async runJob(job: ClaimedJob, controller: AbortController): Promise<void> {
    const { log } = this.#options;
    const started = Date.now();
    log.info({ jobId: job.id, kind: job.kind, attempt: job.attempts, maxAttempts: job.maxAttempts }, 'job started');
    const stopHeartbeat = this.startHeartbeat(job, controller);
    try {
      const outcome = await this.execute(job, controller.signal);
      // Before settling: a beat racing the settlement would see the job finished and cry "lease lost".
      stopHeartbeat();
      if (controller.signal.reason instanceof ShutdownAbort && outcome.kind === 'retry') {
        await this.release(job);
        return;
      }
      await this.settle(job, outcome, Date.now() - started);
    } catch (error) {
      log.error({ jobId: job.id, kind: job.kind, error: messageOf(error) }, 'recording the job outcome failed; its lease will expire and it will run again');
    } finally {
      stopHeartbeat();
    }
  }

  /** The handler's outcome; an exception or an unknown kind is a failure to retry. */
  private async execute(job: ClaimedJob, signal: AbortSignal): Promise<JobOutcome> {
    const handler = this.#options.handlers[job.kind];
    if (!handler) return { kind: 'retry', error: `no handler for job kind "${job.kind}"` };
    try {
      return await handler.run({ job, signal, now: () => this.#options.clock.now(), waitingForOwner: (wait) => this.waitForOwner(job, wait) });
    } catch (error) {
      return { kind: 'retry', error: messageOf(error) };
    }
  }

  private async waitForOwner<T>(job: ClaimedJob, wait: () => Promise<T>): Promise<T> {
    const state = this.#waits.get(job.id);
    if (!state) return wait();
    state.waitingForOwner += 1;
    try {
      if (this.#stopping) this.abortWaiting(state);
      return await wait();
    } finally {
      state.waitingForOwner -= 1;
    }
  }

  /** Keeps the lease fresh; a lost lease aborts the handler (another worker owns the job now). Returns its stop. */
  private startHeartbeat(job: ClaimedJob, controller: AbortController): () => void {
    const { db, clock, log } = this.#options;
    let beating = false;
    let stopped = false;
    const beat = async () => {
      if (beating) return;
      beating = true;
      try {
        const held = await extendLease(db, job, clock.now(), this.#leaseMs);
        if (!held && !stopped) {
          log.warn({ jobId: job.id, kind: job.kind }, 'job lease lost: aborting the run, another worker owns the job now');
          controller.abort(new LeaseLostError(job.id, job.workerId));
        }
      } catch (error) {
        // The lease may still be valid; the next beat tries again.
        log.warn({ jobId: job.id, error: messageOf(error) }, 'job heartbeat failed');
      } finally {
        beating = false;
      }
    };
    const timer = setInterval(() => void beat(), this.#heartbeatMs);
    const stop = () => {
      stopped = true;
      clearInterval(timer);
    };
    controller.signal.addEventListener('abort', stop, { once: true });
    return stop;
  }

  /** Records the outcome with the handler's writes in one transaction; a second try records a failure if that fails. */
  private async settle(job: ClaimedJob, outcome: JobOutcome, elapsedMs: number): Promise<void> {
    try {
      const decision = await this.record(job, outcome, true);
      this.logOutcome(job, outcome, decision, elapsedMs);
    } catch (error) {
      if (error instanceof LeaseLostError) {
        this.#options.log.warn({ jobId: job.id, kind: job.kind, outcome: outcome.kind }, 'job lease lost before its outcome was recorded: dropped, another worker owns the job now');
        return;
      }
      const failure: JobOutcome = { kind: 'retry', error: `recording the outcome failed: ${messageOf(error)}` };
      this.#options.log.error({ jobId: job.id, kind: job.kind, outcome: outcome.kind, error: messageOf(error) }, 'recording the job outcome failed; retrying the job');
      const decision = await this.record(job, failure, false);
      this.logOutcome(job, failure, decision, elapsedMs);
    }
    this.wake();
  }

  /** Tells the process that something committed (e.g. messages to deliver); its failure is not the job's. */
  private wake(): void {
    try {
      this.#options.onSettled?.();
    } catch (error) {
      this.#options.log.error({ error: messageOf(error) }, 'the worker\'s onSettled callback failed');
    }
  }

  private async record(job: ClaimedJob, outcome: JobOutcome, withSettled: boolean): Promise<FailureDecision | undefined> {
    const { db, clock, backoff } = this.#options;
    const handler = this.#options.handlers[job.kind];
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const decision = await recordOutcome(trx, job, outcome, now, backoff);
      if (withSettled) await handler?.onSettled?.(trx, job, decision ? { outcome, decision } : { outcome });
      if (decision?.state === 'dead' && handler?.onDead) {
        await handler.onDead(trx, await trx.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow());
      }
      return decision;
    });
  }

  private logOutcome(job: ClaimedJob, outcome: JobOutcome, decision: FailureDecision | undefined, elapsedMs: number): void {
    const { log } = this.#options;
    const fields = { jobId: job.id, kind: job.kind, attempt: job.attempts, maxAttempts: job.maxAttempts, elapsedMs };
    switch (outcome.kind) {
      case 'done':
        return log.info(fields, 'job done');
      case 'later':
        return log.info({ ...fields, reason: outcome.reason, runAt: outcome.runAt.toISOString() }, 'job postponed without spending an attempt');
      case 'retry':
        if (decision?.state === 'pending') return log.warn({ ...fields, error: outcome.error, retryAt: decision.runAt.toISOString() }, 'job failed; it will be retried');
        return log.error({ ...fields, error: outcome.error }, 'job failed on its last attempt and is dead');
    }
  }

  private async release(job: ClaimedJob): Promise<void> {
    try {
      await releaseJob(this.#options.db, job, this.#options.clock.now());
      this.#options.log.info({ jobId: job.id, kind: job.kind }, 'job given back at shutdown without spending an attempt');
    } catch (error) {
      this.#options.log.error({ jobId: job.id, error: messageOf(error) }, 'giving the job back failed; its lease will expire');
    }
  }
}

/** Completion or failure, lease-checked; undefined decision for 'done'. */
async function recordOutcome(
  trx: Transaction<Database>,
  job: ClaimedJob,
  outcome: JobOutcome,
  now: Date,
  backoff: BackoffOptions | undefined,
): Promise<FailureDecision | undefined> {
  switch (outcome.kind) {
    case 'done':
      await completeJob(trx, job, now);
      return undefined;
    case 'retry':
      return failJob(trx, job, outcome.error, now, { kind: 'retry' }, backoff);
    case 'later':
      return failJob(trx, job, outcome.reason, now, { kind: 'later', runAt: outcome.runAt }, backoff);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { movePeriod } from '../stores/period-status.ts';
import { enqueueJob } from './enqueue.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** Whether a submit (or verify) job for this store period is waiting or running. */
async function hasOpenJob(db: Executor, kind: 'submit' | 'verify', storePeriodId: string): Promise<boolean> {
  const row = await db
    .selectFrom('jobs')
    .select('id')
    .where('key', 'like', `${kind}:${storePeriodId}:%`)
    .where('state', 'in', ['pending', 'running'])
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Queues a submission of the period's queued ranges, unless one is already
 * waiting or running: a second tap or a retry never submits twice.
 */
export async function queueSubmission(db: Executor, storePeriodId: string, now: Date, uniquePart: string = randomUUID()): Promise<boolean> {
  if (await hasOpenJob(db, 'submit', storePeriodId)) return false;
  return enqueueJob(db, { kind: 'submit', key: `submit:${storePeriodId}:${uniquePart}`, payload: { storePeriodId }, runAt: now }, now);
}

/**
 * Queues the 查詢 check the owner asked for (「查看結果」), now, unless one is already waiting or
 * running. `round` is which look this is (later looks are offered after "not listed yet").
 */
export async function queueVerification(db: Executor, storePeriodId: string, round: number, now: Date, uniquePart: string = randomUUID()): Promise<boolean> {
  if (await hasOpenJob(db, 'verify', storePeriodId)) return false;
  return enqueueJob(db, { kind: 'verify', key: `verify:${storePeriodId}:${uniquePart}`, payload: { storePeriodId, round }, runAt: now, maxAttempts: 3 }, now);
}

/** Which look the next check is: one more than the checks already done for the period. */
export async function nextCheckRound(db: Executor, storePeriodId: string): Promise<number> {
  const done = await db.selectFrom('jobs').select('id').where('key', 'like', `verify:${storePeriodId}:%`).where('state', '=', 'done').execute();
  return done.length + 1;
}

/** Reasons new platform credentials fix. */
const CREDENTIAL_REASONS = ['bad-credentials', 'account-locked', 'no-credentials'] as const;

/**
 * After new credentials arrive: submit every period of the store still waiting in the queue,
 * and those that stopped for the credentials (they go back in the queue).
 */
export async function resumeWaitingSubmissions(db: Executor, storeId: string, now: Date): Promise<void> {
  const waiting = await db
    .selectFrom('store_periods')
    .select(['id', 'state'])
    .where('store_id', '=', storeId)
    .where((eb) => eb.or([eb('state', '=', 'queued'), eb('attention_reason', 'in', [...CREDENTIAL_REASONS])]))
    .execute();
  for (const row of waiting) {
    if (row.state !== 'queued' && !(await movePeriod(db, row.id, { from: ['pending', 'submitted'], to: 'queued' }, now))) continue;
    await queueSubmission(db, row.id, now);
  }
}

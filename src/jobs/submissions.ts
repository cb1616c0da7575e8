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
 * Queues a 查詢 check of a submitted period at runAt. A check already waiting is not doubled,
 * but it waits until runAt too: before then the platform cannot list what was just saved.
 */
export async function queueVerification(db: Executor, storePeriodId: string, runAt: Date, now: Date, uniquePart: string = randomUUID()): Promise<boolean> {
  if (await hasOpenJob(db, 'verify', storePeriodId)) {
    await db
      .updateTable('jobs')
      .set({ run_at: runAt.toISOString(), updated_at: now.toISOString() })
      .where('key', 'like', `verify:${storePeriodId}:%`)
      .where('state', '=', 'pending')
      .where('run_at', '<', runAt.toISOString())
      .execute();
    return false;
  }
  return enqueueJob(db, { kind: 'verify', key: `verify:${storePeriodId}:${uniquePart}`, payload: { storePeriodId }, runAt, maxAttempts: 8 }, now);
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

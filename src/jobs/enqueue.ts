import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface NewJobRequest {
  readonly kind: string;
  /** Unique per piece of work: queuing the same key again does nothing. */
  readonly key: string;
  readonly payload: Record<string, unknown>;
  readonly runAt: Date;
  readonly maxAttempts?: number;
}

/** Queues a job (in the caller's transaction when given one); returns false when the key was already queued. */
export async function enqueueJob(db: Kysely<Database> | Transaction<Database>, job: NewJobRequest, now: Date): Promise<boolean> {
  const result = await db
    .insertInto('jobs')
    .values({
      id: randomUUID(),
      kind: job.kind,
      key: job.key,
      payload_json: JSON.stringify(job.payload),
      state: 'pending',
      attempts: 0,
      max_attempts: job.maxAttempts ?? 5,
      run_at: job.runAt.toISOString(),
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      finished_at: null,
    })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

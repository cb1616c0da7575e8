import type { Db } from '../db/connect.ts';
import type { InboxEvent } from '../db/schema.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isVerifyEvent, lineUserIdOf, type WebhookEvent } from './webhook-events.ts';

/**
 * Stores a delivery's events, keyed by webhookEventId: a redelivered or duplicate
 * event is ignored by the database itself. Returns how many were new.
 */
export async function storeEvents(db: Db, events: readonly WebhookEvent[], receivedAt: Date): Promise<number> {
  const rows = events
    .filter((event) => !isVerifyEvent(event))
    .map((event, index) => ({
      webhook_event_id: event.webhookEventId,
      line_user_id: lineUserIdOf(event),
      event_type: event.type,
      event_timestamp: event.timestamp,
      batch_index: index,
      payload_json: JSON.stringify(event),
      status: 'pending' as const,
      attempts: 0,
      last_error: null,
      received_at: receivedAt.toISOString(),
      processed_at: null,
    }));
  if (rows.length === 0) return 0;
  const result = await db
    .insertInto('webhook_inbox')
    .values(rows)
    .onConflict((conflict) => conflict.column('webhook_event_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

/** Users with events waiting, oldest first; events without a user are their own queue. */
export async function pendingQueues(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_inbox')
    .select(['line_user_id', 'webhook_event_id'])
    .where('status', '=', 'pending')
    .orderBy('event_timestamp')
    .orderBy('batch_index')
    .execute();
  return [...new Set(rows.map((row) => queueKeyOf(row)))];
}

export function queueKeyOf(row: Pick<InboxEvent, 'line_user_id' | 'webhook_event_id'>): string {
  return row.line_user_id ?? `event:${row.webhook_event_id}`;
}

/** The oldest pending event of one queue. */
export async function nextPendingEvent(db: Db, queueKey: string): Promise<InboxEvent | undefined> {
  const query = db.selectFrom('webhook_inbox').selectAll().where('status', '=', 'pending');
  const scoped = queueKey.startsWith('event:')
    ? query.where('webhook_event_id', '=', queueKey.slice('event:'.length))
    : query.where('line_user_id', '=', queueKey);
  return scoped.orderBy('event_timestamp').orderBy('batch_index').orderBy('received_at').limit(1).executeTakeFirst();
}

export async function markProcessed(trx: Transaction<Database>, id: string, at: Date): Promise<void> {
  await trx
    .updateTable('webhook_inbox')
    .set((eb) => ({ status: 'done', processed_at: at.toISOString(), attempts: eb('attempts', '+', 1) }))
    .where('webhook_event_id', '=', id)
    .execute();
}

export async function recordFailure(db: Db, id: string, error: string, giveUp: boolean, at: Date): Promise<void> {
  await db
    .updateTable('webhook_inbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error.slice(0, 1000),
      status: giveUp ? 'failed' : 'pending',
      processed_at: giveUp ? at.toISOString() : null,
    }))
    .where('webhook_event_id', '=', id)
    .execute();
}

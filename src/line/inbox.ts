import { CompiledQuery, type Insertable, type Transaction } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database, InboxEvent } from '../db/schema.ts';
import { isVerifyEvent, lineUserIdOf, type WebhookEvent } from './webhook-events.ts';

/**
 * Stores a delivery's events, keyed by webhookEventId: a redelivered or duplicate
 * event is ignored by the database itself. Returns how many were new.
 */
export async function storeEvents(db: Db | Transaction<Database>, events: readonly WebhookEvent[], receivedAt: Date): Promise<number> {
  const insert = insertEventSql(db);
  let stored = 0;
  let batchIndex = 0;
  for (const event of events) {
    if (isVerifyEvent(event)) continue;
    const row = inboxRow(event, batchIndex, receivedAt);
    batchIndex += 1;
    const result = await db.executeQuery(CompiledQuery.raw(insert, INBOX_COLUMNS.map((column) => row[column])));
    stored += Number(result.numAffectedRows ?? 0n);
  }
  return stored;
}

const INBOX_COLUMNS = [
  'webhook_event_id',
  'line_user_id',
  'event_type',
  'event_timestamp',
  'batch_index',
  'payload_json',
  'status',
  'attempts',
  'last_error',
  'received_at',
  'processed_at',
] as const;

type InboxRow = Record<(typeof INBOX_COLUMNS)[number], string | number | null>;

function inboxRow(event: WebhookEvent, batchIndex: number, receivedAt: Date): InboxRow {
  return {
    webhook_event_id: event.webhookEventId,
    line_user_id: lineUserIdOf(event) ?? null,
    event_type: event.type,
    event_timestamp: event.timestamp,
    batch_index: batchIndex,
    payload_json: JSON.stringify(event),
    status: 'pending',
    attempts: 0,
    last_error: null,
    received_at: receivedAt.toISOString(),
    processed_at: null,
  };
}

let insertSql: string | undefined;

/**
 * The one-row insert, built by Kysely once and reused: under a burst of webhooks, building
 * and compiling the same query for every event cost as much as SQLite storing it. (One
 * SQL dialect per process, so one text serves every connection.)
 */
function insertEventSql(db: Db | Transaction<Database>): string {
  if (insertSql === undefined) {
    const placeholders = Object.fromEntries(INBOX_COLUMNS.map((column) => [column, null])) as unknown as Insertable<InboxEvent>;
    const compiled = db
      .insertInto('webhook_inbox')
      .values(placeholders)
      .onConflict((conflict) => conflict.column('webhook_event_id').doNothing())
      .compile();
    insertSql = compiled.sql;
  }
  return insertSql;
}

interface WaitingDelivery {
  readonly events: readonly WebhookEvent[];
  readonly receivedAt: Date;
  readonly stored: (count: number) => void;
  readonly failed: (error: unknown) => void;
}

/**
 * Stores deliveries with group commit: deliveries that arrive in the same turn of the
 * event loop are written in one transaction, each still acknowledged only once it is
 * committed. A commit appends every page it touched to the WAL, and a burst of webhooks
 * touches the same few pages again and again; sharing the commit writes them once.
 */
export class InboxWriter {
  #waiting: WaitingDelivery[] = [];

  constructor(private readonly db: Db) {}

  /** Like storeEvents: resolves with how many of the events were new, once they are committed. */
  store(events: readonly WebhookEvent[], receivedAt: Date): Promise<number> {
    return new Promise((stored, failed) => {
      if (this.#waiting.length === 0) setImmediate(() => void this.commit());
      this.#waiting.push({ events, receivedAt, stored, failed });
    });
  }

  private async commit(): Promise<void> {
    const deliveries = this.#waiting;
    this.#waiting = [];
    try {
      const counts = await this.db.transaction().execute(async (trx) => {
        const newEvents: number[] = [];
        for (const delivery of deliveries) newEvents.push(await storeEvents(trx, delivery.events, delivery.receivedAt));
        return newEvents;
      });
      deliveries.forEach((delivery, i) => delivery.stored(counts[i] ?? 0));
    } catch {
      // One delivery the database refuses must not fail the others with it: each on its own.
      for (const delivery of deliveries) storeEvents(this.db, delivery.events, delivery.receivedAt).then(delivery.stored, delivery.failed);
    }
  }
}

/**
 * Users with events waiting, the user with the oldest event first; events without a user
 * are their own queue. Read per user from the pending index, so a backlog of thousands of
 * events costs an index walk and a sort of the few hundred users, not a sort of the events.
 */
export async function pendingQueues(db: Db): Promise<string[]> {
  const users = await db
    .selectFrom('webhook_inbox')
    .select((eb) => ['line_user_id', eb.fn.min<number>('event_timestamp').as('oldest')])
    .where('status', '=', 'pending')
    .where('line_user_id', 'is not', null)
    .groupBy('line_user_id')
    .$narrowType<{ line_user_id: string }>()
    .execute();
  const userless = await db
    .selectFrom('webhook_inbox')
    .select(['webhook_event_id', 'event_timestamp as oldest'])
    .where('status', '=', 'pending')
    .where('line_user_id', 'is', null)
    .execute();
  const queues = [
    ...users.map((row) => ({ key: row.line_user_id, oldest: Number(row.oldest) })),
    ...userless.map((row) => ({ key: queueKeyOf({ line_user_id: null, webhook_event_id: row.webhook_event_id }), oldest: Number(row.oldest) })),
  ];
  return queues.sort((a, b) => a.oldest - b.oldest).map((queue) => queue.key);
}

export function queueKeyOf(row: Pick<InboxEvent, 'line_user_id' | 'webhook_event_id'>): string {
  return row.line_user_id ?? `event:${row.webhook_event_id}`;
}

/** The LINE user a queue belongs to; undefined for an event without a user. */
export function userOfQueue(queueKey: string): string | undefined {
  return queueKey.startsWith('event:') ? undefined : queueKey;
}

/** The oldest pending event of one queue. */
export async function nextPendingEvent(db: Db | Transaction<Database>, queueKey: string): Promise<InboxEvent | undefined> {
  const query = db.selectFrom('webhook_inbox').selectAll().where('status', '=', 'pending');
  const scoped = queueKey.startsWith('event:')
    ? query.where('webhook_event_id', '=', queueKey.slice('event:'.length))
    : query.where('line_user_id', '=', queueKey);
  return scoped.orderBy('event_timestamp').orderBy('batch_index').orderBy('received_at').limit(1).executeTakeFirst();
}

/** What a redacted message says instead of what the owner typed. */
export const REDACTED_PASSWORD_TEXT = '[redacted: looked like a password]';

/**
 * Replaces a stored text message's text (a password typed into the chat) so the inbox does not
 * keep it. Runs in the transaction that processes the event: the text goes when the event is done.
 */
export async function redactEventText(trx: Transaction<Database>, webhookEventId: string): Promise<void> {
  const row = await trx.selectFrom('webhook_inbox').select('payload_json').where('webhook_event_id', '=', webhookEventId).executeTakeFirst();
  if (!row) return;
  const event = JSON.parse(row.payload_json) as { message?: Record<string, unknown> };
  if (typeof event.message?.text !== 'string') return;
  // Emoji and mention positions point into the text; they would only hint at its length.
  const { emojis: _emojis, mention: _mention, ...message } = event.message;
  const redacted = JSON.stringify({ ...event, message: { ...message, text: REDACTED_PASSWORD_TEXT } });
  await trx.updateTable('webhook_inbox').set({ payload_json: redacted }).where('webhook_event_id', '=', webhookEventId).execute();
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

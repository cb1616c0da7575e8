import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Database, OutboxRow } from '../db/schema.ts';
import { toTaipei } from '../invoice/taipei-time.ts';
import type { Logger } from '../log.ts';
import { draftFullLists } from '../web/full-lists.ts';
import { fitCopy } from './fit-copy.ts';
import { fitMessages, type BubbleSummariser } from './fit-messages.ts';
import { OwnerLanes } from './owner-lanes.ts';
import { describe, InvalidMessagesError, InvalidReplyTokenError, type LineApi, type LineMessage } from './line-api.ts';

/** A reply token is good for about a minute; stop trusting it a little earlier. */
export const REPLY_TOKEN_LIFETIME_MS = 50_000;
const MAX_ATTEMPTS = 8;
/** The purpose of the short text sent instead of messages LINE refused; one refused in turn gets none. */
const FALLBACK_SUFFIX = ':fallback';
/** Changes listed in one log line; the rest are counted. */
const CHANGES_LOGGED = 20;

export interface OutgoingMessages {
  readonly lineUserId: string;
  readonly messages: readonly LineMessage[];
  /** Why it is sent (logged, and counted in the push log). */
  readonly purpose: string;
  readonly replyToken?: string;
  readonly replyTokenExpiresAt?: Date;
  /**
   * Urgent pushes (answers to what the owner just did, job results) are always
   * sent; non-urgent ones (reminders) only while the monthly budget allows.
   */
  readonly urgent?: boolean;
}

/** Queues messages in the caller's transaction; they are delivered after it commits. */
export async function enqueueMessages(trx: Transaction<Database> | Db, outgoing: OutgoingMessages, now: Date): Promise<string> {
  const id = randomUUID();
  await trx
    .insertInto('outbox')
    .values({
      id,
      line_user_id: outgoing.lineUserId,
      reply_token: outgoing.replyToken ?? null,
      reply_token_expires_at: outgoing.replyTokenExpiresAt?.toISOString() ?? null,
      messages_json: JSON.stringify(outgoing.messages),
      retry_key: randomUUID(),
      purpose: outgoing.purpose,
      urgent: outgoing.urgent === false ? 0 : 1,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now.toISOString(),
      delivered_by: null,
      last_error: null,
      created_at: now.toISOString(),
      sent_at: null,
    })
    .execute();
  return id;
}

export function monthOf(instant: Date): string {
  return toTaipei(instant).format('YYYY-MM');
}

/** Pushed messages counted this month (Asia/Taipei), from the push log. */
export async function pushesThisMonth(db: Db, now: Date): Promise<number> {
  const row = await db
    .selectFrom('push_log')
    .select((eb) => eb.fn.sum<number>('message_count').as('total'))
    .where('month', '=', monthOf(now))
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

export interface OutboxSenderOptions {
  readonly db: Db;
  readonly line: LineApi;
  readonly clock: Clock;
  readonly log: Logger;
  /** Our own monthly cap on pushed messages (PUSH_BUDGET). */
  readonly pushBudget: number;
  /** Where the pages with what did not fit in LINE are served (PUBLIC_BASE_URL). */
  readonly publicBaseUrl: string;
  /** A card builder's own summary of its cards when they are over LINE's size limit. */
  readonly summarise?: BubbleSummariser;
}

/**
 * Delivers queued messages in order per owner: a reply while the token is fresh,
 * a push (with a retry key, so LINE never shows it twice) otherwise. Every message is
 * fitted to LINE's limits first (fit-messages.ts); messages LINE still refuses as invalid
 * are not retried: the owner gets a short text instead and their next messages go on.
 */
export class OutboxSender {
  /** One delivery lane per owner: their messages in order, owners in parallel. */
  readonly #lanes: OwnerLanes;

  constructor(private readonly options: OutboxSenderOptions) {
    this.#lanes = new OwnerLanes('outbox', () => this.ownersWithDueMessages(), (owner) => this.drain(owner), options.log);
  }

  kick(): void {
    this.#lanes.kick();
  }

  idle(): Promise<void> {
    return this.#lanes.idle();
  }

  /** Delivers everything due now and waits for it (tests, shutdown). */
  async deliverDue(): Promise<void> {
    this.kick();
    await this.idle();
  }

  private async ownersWithDueMessages(): Promise<string[]> {
    const rows = await this.options.db
      .selectFrom('outbox')
      .select('line_user_id')
      .distinct()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', this.options.clock.now().toISOString())
      .execute();
    return rows.map((row) => row.line_user_id);
  }

  private async drain(owner: string): Promise<void> {
    for (;;) {
      const row = await this.options.db
        .selectFrom('outbox')
        .selectAll()
        .where('line_user_id', '=', owner)
        .where('status', '=', 'pending')
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst();
      if (!row || row.next_attempt_at > this.options.clock.now().toISOString()) return;
      if (!(await this.deliver(row))) return;
    }
  }

  /** Returns false when this owner's later messages must wait (to keep their order). */
  private async deliver(row: OutboxRow): Promise<boolean> {
    const { clock, log } = this.options;
    try {
      const messages = await this.fitted(row);
      if (messages.length === 0) {
        log.warn({ lineUserId: row.line_user_id, purpose: row.purpose, outboxId: row.id }, 'nothing to send: every message was empty');
        await this.finish(row.id, 'skipped', 'nothing-to-send');
        return true;
      }
      const via = await this.send(row, messages);
      await this.finish(row.id, via === 'skipped' ? 'skipped' : 'sent', via);
      if (via === 'skipped') log.warn({ lineUserId: row.line_user_id, purpose: row.purpose }, 'push skipped: monthly push budget used up');
      return true;
    } catch (error) {
      if (error instanceof InvalidMessagesError) {
        await this.refused(row, error);
        return true;
      }
      const attempts = row.attempts + 1;
      const giveUp = attempts >= MAX_ATTEMPTS;
      log.error({ lineUserId: row.line_user_id, purpose: row.purpose, attempt: attempts, giveUp, reason: describe(error) }, 'message delivery failed');
      await this.options.db
        .updateTable('outbox')
        .set({
          attempts,
          status: giveUp ? 'failed' : 'pending',
          last_error: describe(error).slice(0, 1000),
          next_attempt_at: new Date(clock.now().getTime() + Math.min(2 ** attempts * 1000, 300_000)).toISOString(),
        })
        .where('id', '=', row.id)
        .execute();
      return giveUp;
    }
  }

  /**
   * The row's messages within LINE's limits. When they had to change, the fitted messages replace the
   * queued ones, together with the pages they link to, so a retry sends the very same thing.
   */
  private async fitted(row: OutboxRow): Promise<LineMessage[]> {
    const { db, clock, log, publicBaseUrl, summarise } = this.options;
    const drafts = draftFullLists(publicBaseUrl);
    const queued = JSON.parse(row.messages_json) as LineMessage[];
    const { messages, changes } = fitMessages(queued, { publish: drafts.publish, ...(summarise ? { summarise } : {}) });
    if (changes.length === 0) return messages;
    log.info(
      { lineUserId: row.line_user_id, purpose: row.purpose, outboxId: row.id, changes: changes.slice(0, CHANGES_LOGGED), moreChanges: Math.max(0, changes.length - CHANGES_LOGGED), pages: drafts.count },
      'messages fitted to LINE limits',
    );
    await db.transaction().execute(async (trx) => {
      await drafts.save(trx, row.line_user_id, clock.now());
      await trx.updateTable('outbox').set({ messages_json: JSON.stringify(messages) }).where('id', '=', row.id).execute();
    });
    return messages;
  }

  /**
   * LINE said the messages themselves are invalid: sending them again cannot work. The row fails at once,
   * and a short text takes its place in the owner's queue (same reply token, same turn).
   */
  private async refused(row: OutboxRow, error: InvalidMessagesError): Promise<void> {
    const { db, clock, log } = this.options;
    const fallback = row.purpose.endsWith(FALLBACK_SUFFIX) ? undefined : fallbackMessages();
    log.error(
      { lineUserId: row.line_user_id, purpose: row.purpose, outboxId: row.id, lineError: error.message, fallbackQueued: fallback !== undefined },
      'LINE refused the messages as invalid (400); not retrying',
    );
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('outbox')
        .set({ status: 'failed', attempts: row.attempts + 1, last_error: error.message.slice(0, 1000) })
        .where('id', '=', row.id)
        .execute();
      if (fallback) await this.queueFallback(trx, row, fallback, clock.now());
    });
  }

  private async queueFallback(trx: Transaction<Database>, row: OutboxRow, messages: LineMessage[], now: Date): Promise<void> {
    await trx
      .insertInto('outbox')
      .values({
        id: randomUUID(),
        line_user_id: row.line_user_id,
        reply_token: row.reply_token,
        reply_token_expires_at: row.reply_token_expires_at,
        messages_json: JSON.stringify(messages),
        retry_key: randomUUID(),
        purpose: `${row.purpose}${FALLBACK_SUFFIX}`,
        urgent: row.urgent,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now.toISOString(),
        delivered_by: null,
        last_error: null,
        // The refused row's place in the owner's queue, so the text answers the same turn.
        created_at: row.created_at,
        sent_at: null,
      })
      .execute();
  }

  private async send(row: OutboxRow, messages: LineMessage[]): Promise<'reply' | 'push' | 'duplicate' | 'skipped'> {
    const { line, clock } = this.options;
    const tokenFresh = row.reply_token && row.reply_token_expires_at && clock.now().toISOString() < row.reply_token_expires_at;
    if (tokenFresh && row.reply_token) {
      try {
        await line.reply(row.reply_token, messages);
        return 'reply';
      } catch (error) {
        if (!(error instanceof InvalidReplyTokenError)) throw error;
      }
    }
    if (!row.urgent && !(await this.budgetAllows(messages.length))) return 'skipped';
    const result = await line.push(row.line_user_id, messages, row.retry_key);
    await this.recordPush(row, messages.length);
    return result === 'duplicate' ? 'duplicate' : 'push';
  }

  /** Checks our own budget and, when LINE answers, LINE's own count. */
  private async budgetAllows(count: number): Promise<boolean> {
    const { db, clock, line, pushBudget } = this.options;
    const used = await pushesThisMonth(db, clock.now());
    if (used + count > pushBudget) return false;
    const quota = await line.quota().catch(() => undefined);
    return !quota || quota.limit === null || quota.used + count <= quota.limit;
  }

  private async recordPush(row: OutboxRow, count: number): Promise<void> {
    const now = this.options.clock.now();
    await this.options.db
      .insertInto('push_log')
      .values({
        id: randomUUID(),
        line_user_id: row.line_user_id,
        month: monthOf(now),
        retry_key: row.retry_key,
        purpose: row.purpose,
        urgent: row.urgent,
        message_count: count,
        sent_at: now.toISOString(),
      })
      .onConflict((conflict) => conflict.column('retry_key').doNothing())
      .execute();
  }

  private async finish(id: string, status: 'sent' | 'skipped', via: string): Promise<void> {
    await this.options.db
      .updateTable('outbox')
      .set({ status, delivered_by: via, sent_at: this.options.clock.now().toISOString() })
      .where('id', '=', id)
      .execute();
  }
}

/** The text sent instead of refused messages, only when it is itself within LINE's limits. */
function fallbackMessages(): LineMessage[] | undefined {
  const messages: LineMessage[] = [{ type: 'text', text: fitCopy.notShown }];
  const fitted = fitMessages(messages, { publish: () => '' });
  return fitted.changes.length === 0 ? messages : undefined;
}

import { randomUUID } from 'node:crypto';
import { sql, type Transaction, type UpdateQueryBuilder } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Database, OutboxRow } from '../db/schema.ts';
import { toTaipei } from '../invoice/taipei-time.ts';
import type { Logger } from '../log.ts';
import { draftFullLists } from '../web/full-lists.ts';
import { fitCopy } from './fit-copy.ts';
import { fitMessages, type BubbleSummariser } from './fit-messages.ts';
import { OwnerLanes } from './owner-lanes.ts';
import { ProcessingTurns } from './processing-turns.ts';
import { newHolderId, releaseLease, releaseLeasesOfGoneProcesses, takeLease } from './lane-leases.ts';
import { describe, InvalidMessagesError, InvalidReplyTokenError, outcomeUnknown, type LineApi, type LineMessage } from './line-api.ts';
import { quietUntil } from './quiet-hours.ts';

/** A reply token is good for about a minute; stop trusting it a little earlier. */
export const REPLY_TOKEN_LIFETIME_MS = 50_000;
/** LINE bills one push request to one owner as one message, whatever its bubbles (up to 5). */
export const BILLED_MESSAGES_PER_PUSH = 1;
const MAX_ATTEMPTS = 8;
/**
 * An owner's outbox lane is leased for this long and renewed while it delivers, so with several
 * processes one owner's messages go out one at a time; a process that dies frees it by lapse (or
 * at once, when it restarts on the same host).
 */
const LANE_LEASE_MS = 20_000;
const LANE_LEASE_RENEW_MS = 5_000;
/**
 * Owners whose messages are on their way at once, per process. Enough to keep LINE's answers
 * overlapping; more would only pile up work between two acknowledgements of the webhook.
 */
const MAX_LANES = 16;
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
   * Urgent pushes (answers to what the owner just did, job results) are always sent at once;
   * non-urgent ones (reminders) only while the monthly budget allows, and never between
   * 21:00 and 09:00 Asia/Taipei: they wait in the outbox until 09:00.
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
      sending_via: null,
      sending_since: null,
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

/** Pushed messages counted this month (Asia/Taipei), from the push log, as LINE bills them. */
export async function pushesThisMonth(db: Db, now: Date): Promise<number> {
  const row = await db
    .selectFrom('push_log')
    .select((eb) => eb.fn.sum<number>('message_count').as('total'))
    .where('month', '=', monthOf(now))
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

export interface PushWindow {
  /** Inclusive. */
  readonly from: Date;
  /** Exclusive. */
  readonly to: Date;
}

/**
 * Billed push messages within a time window, from the push log, as LINE counts them (one per push
 * request to one owner): per owner (LINE user id), per purpose (e.g. `remind:<store>:<period>:<day>`),
 * or per kind of purpose (its first part: `remind`, `conversation`, `captcha`, …). Keys with no push are absent.
 */
export async function billedPushes(db: Db, window: PushWindow, by: 'owner' | 'purpose' | 'kind' = 'owner'): Promise<Map<string, number>> {
  const column = by === 'owner' ? 'line_user_id' : 'purpose';
  const rows = await db
    .selectFrom('push_log')
    .select((eb) => [eb.ref(column).as('key'), eb.fn.sum<number>('message_count').as('messages')])
    .where('sent_at', '>=', window.from.toISOString())
    .where('sent_at', '<', window.to.toISOString())
    .groupBy(column)
    .execute();
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = by === 'kind' ? (row.key.split(':')[0] ?? row.key) : row.key;
    counts.set(key, (counts.get(key) ?? 0) + Number(row.messages));
  }
  return counts;
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
  /** Shared with the inbox dispatcher: each message's delivery starts in a turn of its own. */
  readonly turns?: ProcessingTurns;
}

/** How one attempt at a message ended (when LINE did not throw). */
type Outcome =
  | { readonly kind: 'sent'; readonly via: 'reply' | 'push' | 'push-repeat' }
  | { readonly kind: 'assumed-sent' }
  | { readonly kind: 'held'; readonly until: Date }
  | { readonly kind: 'skipped'; readonly reason: 'budget' | 'nothing-to-send' };

/** Which way this attempt handed the message to LINE, if it got that far, and the row as this sender last left it. */
interface Attempt {
  via: 'reply' | 'push' | null;
  /** The row's status and sending_since as read or last written by this attempt: every write checks them first. */
  expected: { status: OutboxRow['status']; sendingSince: string | null };
}

/**
 * The row changed under this sender: another process took the owner's lane after this one's lease
 * lapsed (a stall), and has sent or settled the message. This sender stops and writes nothing.
 */
class RowTakenOver extends Error {}

/**
 * Delivers queued messages in order per owner: a reply while the token is fresh, a push (with a
 * retry key, so LINE never shows it twice) otherwise. Every message is fitted to LINE's limits first
 * (fit-messages.ts); messages LINE still refuses as invalid are not retried: the owner gets a short
 * text instead and their next messages go on.
 *
 * Exactly once through crashes: before LINE is called the row is marked `sending` (how, since when)
 * and committed. A `sending` row found later — after a restart, or after LINE's answer was lost —
 * was perhaps delivered, and is settled by what is known:
 *   - a push is sent again with its retry key: LINE answers 409 for a key it accepted, which counts
 *     as delivered (and is logged in push_log once: the log row commits with `sent`);
 *   - a reply is tried again with its token: accepted means it had not been shown; refused means it
 *     most likely was (the token was spent by the lost attempt), so the row is `assumed_sent` and
 *     never pushed — a push would show the answer twice, and bill it.
 * A reply refused on its first try (the token simply expired) still goes as a push.
 */
export class OutboxSender {
  /** One delivery lane per owner: their messages in order, owners in parallel. */
  readonly #lanes: OwnerLanes;
  /** This sender's name on the lane leases it holds. */
  readonly #holder = newHolderId();
  readonly #turns: ProcessingTurns;
  #goneReleased: Promise<unknown> | undefined;

  constructor(private readonly options: OutboxSenderOptions) {
    this.#turns = options.turns ?? new ProcessingTurns();
    this.#lanes = new OwnerLanes('outbox', () => this.ownersWithDueMessages(), (owner) => this.drainLeased(owner), options.log, MAX_LANES);
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
    this.#goneReleased ??= releaseLeasesOfGoneProcesses(this.options.db, this.#holder).catch((error: unknown) =>
      this.options.log.warn({ err: error }, 'freeing the outbox leases of gone processes failed'),
    );
    await this.#goneReleased;
    // Oldest waiting first, so with more owners than lanes nobody is passed over for long.
    const now = this.options.clock.now().toISOString();
    const rows = await this.options.db
      .selectFrom('outbox')
      .select((eb) => ['line_user_id', eb.fn.min('next_attempt_at').as('oldest')])
      .where('status', 'in', ['pending', 'sending'])
      .where('next_attempt_at', '<=', now)
      // Owners another process is delivering to right now are that process's.
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('lane_leases')
              .select('lane_leases.lane')
              .where('lane_leases.lane', '=', sql<string>`${'outbox:'} || outbox.line_user_id`)
              .where('lane_leases.holder', '!=', this.#holder)
              .where('lane_leases.expires_at', '>', now),
          ),
        ),
      )
      .groupBy('line_user_id')
      .orderBy('oldest')
      .execute();
    return rows.map((row) => row.line_user_id);
  }

  /**
   * Delivers an owner's messages while holding their lane's lease (renewed as it goes); an owner
   * whose lane another process holds is left to that process.
   */
  private async drainLeased(owner: string): Promise<void> {
    const { db, clock } = this.options;
    const lane = `outbox:${owner}`;
    if (!(await takeLease(db, lane, this.#holder, clock.now(), LANE_LEASE_MS))) return;
    const renew = setInterval(() => void takeLease(db, lane, this.#holder, clock.now(), LANE_LEASE_MS).catch(() => undefined), LANE_LEASE_RENEW_MS);
    try {
      await this.drain(owner);
    } finally {
      clearInterval(renew);
      await releaseLease(db, lane, this.#holder).catch(() => undefined);
    }
  }

  /**
   * An owner's lane runs one message at a time, in one process (the lease), so a `sending` row
   * found here is no longer in anyone's hands: its attempt was cut off by a crash or ended without
   * LINE's answer.
   */
  private async drain(owner: string): Promise<void> {
    for (;;) {
      const row = await this.#turns.take(() => this.nextInLine(owner), 'message');
      if (!row || row.next_attempt_at > this.options.clock.now().toISOString()) return;
      if (!(await this.deliver(row))) return;
    }
  }

  /** The owner's oldest undelivered message; one that can wait (held for the night, backing off) does not hold up the others. */
  private nextInLine(owner: string): Promise<OutboxRow | undefined> {
    const now = this.options.clock.now().toISOString();
    return this.options.db
      .selectFrom('outbox')
      .selectAll()
      .where('line_user_id', '=', owner)
      .where('status', 'in', ['pending', 'sending'])
      .where((eb) => eb.or([eb('urgent', '=', 1), eb('next_attempt_at', '<=', now)]))
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
  }

  /** Returns false when this owner's later messages must wait (to keep their order). */
  private async deliver(row: OutboxRow): Promise<boolean> {
    const { log } = this.options;
    if (row.status === 'sending') {
      log.info({ lineUserId: row.line_user_id, purpose: row.purpose, outboxId: row.id, via: row.sending_via, since: row.sending_since }, 'settling a message whose sending was cut off');
    }
    const attempt: Attempt = { via: null, expected: { status: row.status, sendingSince: row.sending_since } };
    let outcome: Outcome;
    let bubbles = 0;
    try {
      const messages = await this.fitted(row);
      bubbles = messages.length;
      if (messages.length === 0) {
        log.warn({ lineUserId: row.line_user_id, purpose: row.purpose, outboxId: row.id }, 'nothing to send: every message was empty');
        outcome = { kind: 'skipped', reason: 'nothing-to-send' };
      } else {
        outcome = await this.send(row, messages, attempt);
      }
    } catch (error) {
      if (error instanceof RowTakenOver) return this.takenOver(row);
      if (error instanceof InvalidMessagesError) {
        await this.refused(row, error);
        return true;
      }
      return this.failed(row, attempt, error);
    }
    try {
      await this.settle(row, outcome, bubbles, attempt);
      return true;
    } catch (error) {
      if (error instanceof RowTakenOver) return this.takenOver(row);
      // LINE has it but the database did not take the news: the row stays `sending` and is settled later.
      log.error({ err: error, lineUserId: row.line_user_id, outboxId: row.id }, 'recording a delivery failed; it will be settled on a later look');
      return false;
    }
  }

  private takenOver(row: OutboxRow): false {
    this.options.log.warn({ lineUserId: row.line_user_id, purpose: row.purpose, outboxId: row.id }, 'another process took over this owner\'s messages (this one stalled past its lease); stopping here');
    return false;
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
        sending_via: null,
        sending_since: null,
        delivered_by: null,
        last_error: null,
        // The refused row's place in the owner's queue, so the text answers the same turn.
        created_at: row.created_at,
        sent_at: null,
      })
      .execute();
  }

  /**
   * A failed attempt: retried later with backoff, given up after MAX_ATTEMPTS. When LINE may have acted
   * on it (timeout, lost answer) the row stays `sending` by the way it went, so the next attempt knows.
   */
  private async failed(row: OutboxRow, attempt: Attempt, error: unknown): Promise<boolean> {
    const { clock, log } = this.options;
    const attempts = row.attempts + 1;
    const giveUp = attempts >= MAX_ATTEMPTS;
    const now = clock.now();
    const maybeDelivered = attempt.via !== null && outcomeUnknown(error);
    const inFlight = maybeDelivered ? attempt.via : row.status === 'sending' ? row.sending_via : null;
    log.error({ lineUserId: row.line_user_id, purpose: row.purpose, attempt: attempts, giveUp, maybeDelivered, reason: describe(error) }, 'message delivery failed');
    await this.options.db
      .updateTable('outbox')
      .$call((query) => asLeft(query, row, attempt))
      .set({
        attempts,
        status: giveUp ? 'failed' : inFlight ? 'sending' : 'pending',
        sending_via: inFlight,
        sending_since: inFlight === null ? null : maybeDelivered ? now.toISOString() : row.sending_since,
        last_error: describe(error).slice(0, 1000),
        next_attempt_at: new Date(now.getTime() + Math.min(2 ** attempts * 1000, 300_000)).toISOString(),
      })
      .execute();
    return giveUp;
  }

  private async send(row: OutboxRow, messages: LineMessage[], attempt: Attempt): Promise<Outcome> {
    const inFlight = row.status === 'sending' ? row.sending_via : null;
    if (inFlight === 'reply' || (inFlight === null && this.tokenFresh(row))) {
      const replied = await this.reply(row, messages, attempt, inFlight === 'reply');
      if (replied) return replied;
    }
    return this.push(row, messages, attempt, inFlight === 'push');
  }

  private tokenFresh(row: OutboxRow): boolean {
    return row.reply_token !== null && row.reply_token_expires_at !== null && this.options.clock.now().toISOString() < row.reply_token_expires_at;
  }

  /**
   * Replies with the row's token. Undefined when LINE refused the token on a first try (it expired):
   * the answer then goes as a push. Refused after an attempt that may have reached LINE, the token was
   * most likely spent by that attempt: the answer is on the owner's phone already.
   */
  private async reply(row: OutboxRow, messages: LineMessage[], attempt: Attempt, triedBefore: boolean): Promise<Outcome | undefined> {
    await this.markSending(row, attempt, 'reply');
    try {
      await this.options.line.reply(row.reply_token ?? '', messages);
      return { kind: 'sent', via: 'reply' };
    } catch (error) {
      if (!(error instanceof InvalidReplyTokenError)) throw error;
      if (triedBefore || error.afterUncertainAttempt) return { kind: 'assumed-sent' };
      return undefined;
    }
  }

  /**
   * Pushes with the row's retry key. A push that can wait is held through quiet hours and needs room
   * in the budget — except one already handed to LINE before, which was allowed then and may have been
   * delivered: it is only confirmed (200, or 409 for a key LINE accepted).
   */
  private async push(row: OutboxRow, messages: LineMessage[], attempt: Attempt, triedBefore: boolean): Promise<Outcome> {
    if (!row.urgent) {
      const until = quietUntil(this.options.clock.now());
      if (until) return { kind: 'held', until };
      if (!triedBefore && !(await this.budgetAllows(BILLED_MESSAGES_PER_PUSH))) return { kind: 'skipped', reason: 'budget' };
    }
    await this.markSending(row, attempt, 'push');
    const result = await this.options.line.push(row.line_user_id, messages, row.retry_key);
    return { kind: 'sent', via: result === 'duplicate' ? 'push-repeat' : 'push' };
  }

  /**
   * Committed before LINE is called, so a crash during the call leaves a row that says what may have
   * happened. Only if the row is still as this sender left it: otherwise another process has it.
   */
  private async markSending(row: OutboxRow, attempt: Attempt, via: 'reply' | 'push'): Promise<void> {
    const since = this.options.clock.now().toISOString();
    const result = await this.options.db
      .updateTable('outbox')
      .$call((query) => asLeft(query, row, attempt))
      .set({ status: 'sending', sending_via: via, sending_since: since })
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new RowTakenOver();
    attempt.via = via;
    attempt.expected = { status: 'sending', sendingSince: since };
  }

  /** Checks our own budget and, when LINE answers, LINE's own count. */
  private async budgetAllows(count: number): Promise<boolean> {
    const { db, clock, line, pushBudget } = this.options;
    const used = await pushesThisMonth(db, clock.now());
    if (used + count > pushBudget) return false;
    const quota = await line.quota().catch(() => undefined);
    return !quota || quota.limit === null || quota.used + count <= quota.limit;
  }

  private async settle(row: OutboxRow, outcome: Outcome, bubbles: number, attempt: Attempt): Promise<void> {
    const { db, clock, log } = this.options;
    const now = clock.now();
    const where = { lineUserId: row.line_user_id, purpose: row.purpose, outboxId: row.id };
    switch (outcome.kind) {
      case 'sent':
        if (outcome.via === 'push-repeat') log.info(where, 'LINE already had this push (409 for its retry key): counted as delivered, once');
        await db.transaction().execute(async (trx) => {
          const settled = await trx
            .updateTable('outbox')
            .$call((query) => asLeft(query, row, attempt))
            .set({ status: 'sent', delivered_by: outcome.via, sent_at: now.toISOString() })
            .executeTakeFirst();
          if (settled.numUpdatedRows === 0n) throw new RowTakenOver();
          if (outcome.via !== 'reply') await recordPush(trx, row, bubbles, now);
        });
        return;
      case 'assumed-sent':
        log.info(where, 'reply assumed delivered: LINE refused its token after an attempt whose outcome was lost (the bot stopped, or the answer never came); not pushing it again');
        await db
          .updateTable('outbox')
          .$call((query) => asLeft(query, row, attempt))
          .set({ status: 'assumed_sent', delivered_by: 'reply', sent_at: now.toISOString(), last_error: 'reply token refused after an attempt with unknown outcome' })
          .execute();
        return;
      case 'held': {
        log.info({ ...where, until: outcome.until.toISOString() }, 'push held for quiet hours (21:00-09:00 Asia/Taipei)');
        // Still `sending` if an earlier push attempt may have gone out; otherwise waiting as before.
        const inFlight = row.status === 'sending' && row.sending_via === 'push';
        await db
          .updateTable('outbox')
          .$call((query) => asLeft(query, row, attempt))
          .set({
            next_attempt_at: outcome.until.toISOString(),
            status: inFlight ? 'sending' : 'pending',
            sending_via: inFlight ? 'push' : null,
            sending_since: inFlight ? row.sending_since : null,
          })
          .execute();
        return;
      }
      case 'skipped':
        if (outcome.reason === 'budget') log.warn(where, 'push skipped: monthly push budget used up');
        await db
          .updateTable('outbox')
          .$call((query) => asLeft(query, row, attempt))
          .set({ status: 'skipped', delivered_by: outcome.reason, sent_at: now.toISOString() })
          .execute();
        return;
    }
  }
}

/** The row, only while it is as this attempt last read or wrote it (see RowTakenOver). */
function asLeft<O>(query: UpdateQueryBuilder<Database, 'outbox', 'outbox', O>, row: OutboxRow, attempt: Attempt): UpdateQueryBuilder<Database, 'outbox', 'outbox', O> {
  const { status, sendingSince } = attempt.expected;
  return query
    .where('id', '=', row.id)
    .where('status', '=', status)
    .where('sending_since', sendingSince === null ? 'is' : '=', sendingSince);
}

/** One push request in the log, as LINE bills it; a row already logged (same retry key) is not logged again. */
async function recordPush(trx: Transaction<Database>, row: OutboxRow, bubbles: number, now: Date): Promise<void> {
  await trx
    .insertInto('push_log')
    .values({
      id: randomUUID(),
      line_user_id: row.line_user_id,
      month: monthOf(now),
      retry_key: row.retry_key,
      purpose: row.purpose,
      urgent: row.urgent,
      message_count: BILLED_MESSAGES_PER_PUSH,
      bubble_count: bubbles,
      sent_at: now.toISOString(),
    })
    .onConflict((conflict) => conflict.column('retry_key').doNothing())
    .execute();
}

/** The text sent instead of refused messages, only when it is itself within LINE's limits. */
function fallbackMessages(): LineMessage[] | undefined {
  const messages: LineMessage[] = [{ type: 'text', text: fitCopy.notShown }];
  const fitted = fitMessages(messages, { publish: () => '' });
  return fitted.changes.length === 0 ? messages : undefined;
}

import { setTimeout as delay } from 'node:timers/promises';
import type { Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Database, InboxEvent } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import { ProcessingTurns } from './processing-turns.ts';
import { OwnerLanes } from './owner-lanes.ts';
import { tryQueueTurn } from '../db/dialect.ts';
import { markProcessed, nextPendingEvent, pendingQueues, queueKeyOf, recordFailure, userOfQueue } from './inbox.ts';
import { newHolderId, releaseLease, takeLease } from './lane-leases.ts';
import type { WebhookEvent } from './webhook-events.ts';

/**
 * Handles one event. Runs inside the transaction that marks the event done, so
 * the conversation's new state, its outgoing messages and "done" commit together.
 * `prepared` is what the preparer made of this very event, when it has one.
 */
export type EventHandler<P = unknown> = (event: WebhookEvent, trx: Transaction<Database>, prepared?: P) => Promise<void>;

/**
 * Slow work some events need before they can be handled (fetching and reading a photo takes
 * seconds). It runs outside any transaction, so the database is not held meanwhile; the event
 * stays pending until handled, so a crash in the middle loses nothing: it is prepared again.
 */
export interface EventPreparer<P> {
  /** Whether this event needs preparing: decided from the event alone, inside the event's transaction. */
  wants(event: WebhookEvent): boolean;
  /** Must not throw: a failure is a result the handler answers (the owner is told, nothing is lost). */
  prepare(event: WebhookEvent): Promise<P | undefined>;
}

export interface DispatcherOptions<P = unknown> {
  readonly db: Db;
  readonly handle: EventHandler<P>;
  readonly preparer?: EventPreparer<P>;
  readonly log: Logger;
  readonly clock: Clock;
  /** Called after an event committed (e.g. to deliver the messages it queued). */
  readonly afterEvent?: () => void;
  /** Called once for an event still being processed after slowEventMs (to show LINE's loading animation). */
  readonly onSlowEvent?: (lineUserId: string) => void;
  readonly slowEventMs?: number;
  readonly maxAttempts?: number;
  /** Shared with the outbox, so that the two together start one piece of work per turn of the event loop. */
  readonly turns?: ProcessingTurns;
}

/** What the rest of the bot does with a dispatcher, whatever its events are prepared into. */
export type EventDispatcher = Pick<InboxDispatcher, 'kick' | 'delivered' | 'idle' | 'stop'>;

/**
 * Looking for pending events reads the pending part of the inbox: next to nothing when it
 * is empty, a millisecond or so with a backlog of thousands. Under a burst of webhooks a
 * look per webhook would cost more than storing them, so looks are spaced to take at most
 * this share of the time; kicks in between are folded into one look at the end of the gap.
 */
const SCAN_TIME_SHARE = 0.05;
/**
 * Owners whose events are worked on at once, per process: enough to overlap the database's round
 * trips, few enough to leave connections for the outbox (DATABASE_POOL_SIZE defaults to 10).
 */
const MAX_LANES = 6;
/** How soon a queue another process was working on is looked at again. */
const BUSY_QUEUE_RETRY_MS = 50;
/**
 * An owner's queue is leased while one of its events is prepared, so that with several processes
 * only one reads the photo. Longer than any reading; a process that dies frees it by lapse.
 */
const PREPARE_LEASE_MS = 3 * 60_000;

/** What one transaction over a queue's oldest event came to. */
type Attempt =
  | { readonly kind: 'done' | 'nothing' }
  | { readonly kind: 'prepare'; readonly event: WebhookEvent; readonly eventId: string };

function prepareLane(queue: string): string {
  return `inbox-prepare:${queue}`;
}

interface Prepared<P> {
  readonly eventId: string;
  readonly value: P | undefined;
}

/**
 * Processes the inbox: strictly in order for each LINE user, users taking turns.
 * Events left pending by a crash are picked up by the first scan after a restart.
 *
 * One event starts per turn of the event loop, and only while the loop keeps up (see
 * ProcessingTurns). Handling an event is synchronous SQLite work, so it runs to its end within
 * its turn, and webhook requests that arrived meanwhile are answered between two events: a
 * burst is acknowledged at once and worked off behind the answers, instead of every answer
 * waiting for the whole backlog.
 */
export class InboxDispatcher<P = unknown> {
  readonly #lanes: OwnerLanes;
  /** This dispatcher's name on the leases it takes while preparing. */
  readonly #holder = newHolderId();
  readonly #turns: ProcessingTurns;
  readonly #stopping = new AbortController();
  #lastScan = { startedAt: Number.NEGATIVE_INFINITY, ms: 0 };
  #bookedScan: Promise<void> | undefined;
  #lookAgain: NodeJS.Timeout | undefined;

  constructor(private readonly options: DispatcherOptions<P>) {
    this.#turns = options.turns ?? new ProcessingTurns();
    this.#lanes = new OwnerLanes('inbox', () => this.timedScan(), (queue) => this.drain(queue), options.log, MAX_LANES);
  }

  /** Look for pending events soon (at once unless looks are taking too much time); cheap to call often. */
  kick(): void {
    if (this.#bookedScan || this.#lanes.stopped) return;
    const wait = this.#lastScan.startedAt + this.#lastScan.ms / SCAN_TIME_SHARE - performance.now();
    if (wait <= 0) this.#lanes.kick();
    else this.#bookedScan = this.scanAfter(wait);
  }

  /** A webhook delivery was stored: process it (as the loop allows, see ProcessingTurns). */
  delivered(): void {
    this.#turns.webhookArrived();
    this.kick();
  }

  /** Resolves when nothing is running and no look is booked (for tests and graceful shutdown). */
  async idle(): Promise<void> {
    while (this.#bookedScan) await this.#bookedScan;
    await this.#lanes.idle();
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    clearTimeout(this.#lookAgain);
    await this.#lanes.stop();
  }

  /** One look after `wait` ms, unless the dispatcher stops first. */
  private async scanAfter(wait: number): Promise<void> {
    try {
      await delay(wait, undefined, { signal: this.#stopping.signal });
    } catch {
      return; // stopped
    } finally {
      this.#bookedScan = undefined;
    }
    this.#lanes.kick();
  }

  private async timedScan(): Promise<string[]> {
    const startedAt = performance.now();
    try {
      return await pendingQueues(this.options.db);
    } finally {
      this.#lastScan = { startedAt, ms: performance.now() - startedAt };
    }
  }

  private async drain(queue: string): Promise<void> {
    // A failing event ends the drain and blocks its user's queue until the next scan, to keep order.
    while (await this.#turns.take(() => this.processNext(queue)));
  }

  /**
   * Processes the queue's oldest pending event; false when there is none, another process has
   * the queue's turn, or it failed. The turn is taken in the database, in the transaction that
   * reads the event, handles it and marks it done: whichever process received a delivery, one
   * owner's events are processed one at a time and in order, and each once. An event that needs
   * preparing first is prepared between two such transactions, and handled by the second.
   */
  private async processNext(queue: string): Promise<boolean> {
    if (this.#lanes.stopped) return false;
    const { onSlowEvent, slowEventMs = 1000 } = this.options;
    const userId = userOfQueue(queue);
    const slow = onSlowEvent && userId ? setTimeout(() => onSlowEvent(userId), slowEventMs) : undefined;
    let leased = false;
    try {
      let prepared: Prepared<P> | undefined;
      for (;;) {
        const attempt = await this.attempt(queue, prepared);
        if (attempt.kind !== 'prepare') return attempt.kind === 'done';
        // The preparer shows its own progress (a longer loading animation): no second, shorter one.
        clearTimeout(slow);
        leased = await this.leasePreparation(queue);
        if (!leased) return false;
        prepared = { eventId: attempt.eventId, value: await this.prepareQuietly(attempt.event) };
      }
    } finally {
      clearTimeout(slow);
      // Held until the prepared event is handled, so no other process prepares it meanwhile.
      if (leased) await this.releasePreparation(queue);
    }
  }

  /** One transaction over the queue's oldest event: handled, or found to need preparing first. */
  private async attempt(queue: string, prepared: Prepared<P> | undefined): Promise<Attempt> {
    const { db, handle, clock, afterEvent, preparer } = this.options;
    let row: InboxEvent | undefined;
    try {
      const attempt = await db.transaction().execute(async (trx): Promise<Attempt> => {
        if (!(await tryQueueTurn(trx, `inbox:${queue}`))) {
          this.lookAgainSoon();
          return { kind: 'nothing' };
        }
        row = await nextPendingEvent(trx, queue);
        if (!row || queueKeyOf(row) !== queue) return { kind: 'nothing' };
        const event = JSON.parse(row.payload_json) as WebhookEvent;
        const ready = prepared?.eventId === row.webhook_event_id;
        if (!ready && preparer?.wants(event)) return { kind: 'prepare', event, eventId: row.webhook_event_id };
        await handle(event, trx, ready ? prepared?.value : undefined);
        await markProcessed(trx, row.webhook_event_id, clock.now());
        return { kind: 'done' };
      });
      if (attempt.kind === 'done') afterEvent?.();
      return attempt;
    } catch (error) {
      if (row) return { kind: (await this.failed(row, error)) ? 'done' : 'nothing' };
      // The database itself failed (connection lost, busy): the queue is looked at again on the next scan.
      this.options.log.error({ err: error, queue: userOfQueue(queue) ? 'owner' : 'event' }, 'taking the next event failed');
      return { kind: 'nothing' };
    }
  }

  /** Leases the queue for preparing its event; false when another process is preparing it (this one looks again later). */
  private async leasePreparation(queue: string): Promise<boolean> {
    const { db, clock, log } = this.options;
    try {
      if (await takeLease(db, prepareLane(queue), this.#holder, clock.now(), PREPARE_LEASE_MS)) return true;
      this.lookAgainSoon();
    } catch (error) {
      log.error({ err: error }, 'taking the lease to prepare an event failed');
    }
    return false;
  }

  /** A preparer that throws after all still lets the event be handled (without its result), so it is answered. */
  private async prepareQuietly(event: WebhookEvent): Promise<P | undefined> {
    try {
      return await this.options.preparer?.prepare(event);
    } catch (error) {
      this.options.log.error({ err: error }, 'preparing an event failed; it is handled without');
      return undefined;
    }
  }

  private async releasePreparation(queue: string): Promise<void> {
    await releaseLease(this.options.db, prepareLane(queue), this.#holder).catch((error: unknown) =>
      this.options.log.warn({ err: error }, 'releasing the lease of a prepared event failed'),
    );
  }

  /**
   * Another process had the queue's turn. It goes on with the queue's next events, unless it had
   * just looked and found none before this one was stored: a look shortly after covers that.
   */
  private lookAgainSoon(): void {
    if (this.#lookAgain) return;
    this.#lookAgain = setTimeout(() => {
      this.#lookAgain = undefined;
      this.kick();
    }, BUSY_QUEUE_RETRY_MS);
    this.#lookAgain.unref();
  }

  /** Records a failed event; true when it was given up (so its owner's later events go on). */
  private async failed(row: InboxEvent, error: unknown): Promise<boolean> {
    const { db, log, clock, maxAttempts = 5 } = this.options;
    const giveUp = row.attempts + 1 >= maxAttempts;
    const message = error instanceof Error ? error.message : String(error);
    log.error({ err: error, eventId: row.webhook_event_id, attempt: row.attempts + 1, giveUp }, 'event processing failed');
    await recordFailure(db, row.webhook_event_id, message, giveUp, clock.now()).catch(() => undefined);
    return giveUp;
  }
}

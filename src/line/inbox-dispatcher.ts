import type { Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Database, InboxEvent } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import { OwnerLanes } from './owner-lanes.ts';
import { markProcessed, nextPendingEvent, pendingQueues, queueKeyOf, recordFailure } from './inbox.ts';
import type { WebhookEvent } from './webhook-events.ts';

/**
 * Handles one event. Runs inside the transaction that marks the event done, so
 * the conversation's new state, its outgoing messages and "done" commit together.
 */
export type EventHandler = (event: WebhookEvent, trx: Transaction<Database>) => Promise<void>;

export interface DispatcherOptions {
  readonly db: Db;
  readonly handle: EventHandler;
  readonly log: Logger;
  readonly clock: Clock;
  /** Called after an event committed (e.g. to deliver the messages it queued). */
  readonly afterEvent?: () => void;
  /** Called once for an event still being processed after slowEventMs (to show LINE's loading animation). */
  readonly onSlowEvent?: (lineUserId: string) => void;
  readonly slowEventMs?: number;
  readonly maxAttempts?: number;
}

/**
 * Processes the inbox: strictly in order for each LINE user, concurrently across
 * users. Events left pending by a crash are picked up by the first scan after a restart.
 */
export class InboxDispatcher {
  readonly #lanes: OwnerLanes;

  constructor(private readonly options: DispatcherOptions) {
    this.#lanes = new OwnerLanes('inbox', () => pendingQueues(options.db), (queue) => this.drain(queue), options.log);
  }

  /** Look for pending events now; cheap to call often. */
  kick(): void {
    this.#lanes.kick();
  }

  /** Resolves when nothing is running (for tests and graceful shutdown). */
  idle(): Promise<void> {
    return this.#lanes.idle();
  }

  stop(): Promise<void> {
    return this.#lanes.stop();
  }

  private async drain(queue: string): Promise<void> {
    while (!this.#lanes.stopped) {
      const row = await nextPendingEvent(this.options.db, queue);
      if (!row || queueKeyOf(row) !== queue) return;
      const ok = await this.process(row);
      if (!ok) return; // a failing event blocks its user's queue until the next scan, to keep order
    }
  }

  private async process(row: InboxEvent): Promise<boolean> {
    const { db, handle, log, clock, afterEvent, maxAttempts = 5, onSlowEvent, slowEventMs = 1000 } = this.options;
    const userId = row.line_user_id;
    const slow = onSlowEvent && userId ? setTimeout(() => onSlowEvent(userId), slowEventMs) : undefined;
    try {
      const event = JSON.parse(row.payload_json) as WebhookEvent;
      await db.transaction().execute(async (trx) => {
        await handle(event, trx);
        await markProcessed(trx, row.webhook_event_id, clock.now());
      });
      afterEvent?.();
      return true;
    } catch (error) {
      const giveUp = row.attempts + 1 >= maxAttempts;
      const message = error instanceof Error ? error.message : String(error);
      log.error({ err: error, eventId: row.webhook_event_id, attempt: row.attempts + 1, giveUp }, 'event processing failed');
      await recordFailure(db, row.webhook_event_id, message, giveUp, clock.now()).catch(() => undefined);
      return giveUp;
    } finally {
      clearTimeout(slow);
    }
  }
}

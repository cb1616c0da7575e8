import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import { dueSlot, planReminderSlot, type ReminderSchedule } from './reminders.ts';

export interface ReminderSchedulerOptions {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly schedule: ReminderSchedule;
  readonly pushBudget: number;
  readonly jobsQueued: () => void;
  readonly checkEveryMs?: number;
}

/**
 * Looks once a minute whether a reminder slot has come and plans it once. Every
 * worker process runs one, and no lock picks which plans: the unique job keys do
 * (planReminderSlot inserts with `on conflict (key) do nothing`). Two processes
 * planning a slot at the same moment each succeed, each store gets one job, and a
 * store the other process queued first counts as already queued, not as queued
 * twice. Remembering the last planned slot just avoids re-reading every store each
 * minute; a plan that failed is tried again at the next look.
 */
export class ReminderScheduler {
  #timer: NodeJS.Timeout | undefined;
  #lastPlanned: string | undefined;
  #running: Promise<void> | undefined;

  constructor(private readonly options: ReminderSchedulerOptions) {}

  start(): void {
    this.#timer = setInterval(() => void this.tick(), this.options.checkEveryMs ?? 60_000);
    this.#timer.unref();
    void this.tick();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Plans the slot that is due now, if it has not been planned by this process yet. */
  async tick(): Promise<void> {
    if (this.#running) return this.#running;
    this.#running = this.planDue().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  private async planDue(): Promise<void> {
    const { db, clock, log, schedule, pushBudget } = this.options;
    try {
      const slot = dueSlot(clock.now(), schedule);
      if (!slot || slot.key === this.#lastPlanned) return;
      const result = await planReminderSlot(db, slot, { now: clock.now(), pushBudget, log });
      this.#lastPlanned = slot.key;
      log.info({ slot: slot.key, queued: result.queued, alreadyQueued: result.alreadyQueued, skipped: result.skippedForBudget.length }, 'reminder slot planned');
      if (result.queued > 0) this.options.jobsQueued();
    } catch (error) {
      log.error({ err: error }, 'reminder planning failed');
    }
  }
}

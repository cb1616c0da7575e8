// The playground's time machine: hours and reminder days pass at a tap. Everything that reads the
// shared clock (bot, worker, reminders, platform simulator, fake LINE) sees the jump at once.
import type { AdjustableClock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { justEndedPeriod, nextPeriod } from '../invoice/period.ts';
import { formatTaipei } from '../invoice/taipei-time.ts';
import { postponeRunningLeases } from '../jobs/queue.ts';
import { reminderSlot, type ReminderSchedule } from '../jobs/reminders.ts';
import type { Logger } from '../log.ts';

export const CLOCK_JUMPS = ['2h', '1d', 'next-reminder'] as const;
export type ClockJump = (typeof CLOCK_JUMPS)[number];

const HOUR_MS = 3_600_000;

export interface ClockControlOptions {
  readonly clock: AdjustableClock;
  readonly db: Db;
  readonly log: Logger;
  readonly schedule: ReminderSchedule;
  /** Run whatever became due: plan reminders, wake the worker and the outbox. */
  readonly afterJump: () => Promise<void>;
  /** Keep the offset, so a restart does not travel back in time past what the database already saw. */
  readonly persistOffset: (offsetMs: number) => void;
}

export interface ClockView {
  readonly now: string;
  /** Asia/Taipei, as the owner reads it. */
  readonly taipei: string;
  readonly offsetMs: number;
  readonly nextReminder: string;
}

export interface ClockControl {
  view(): ClockView;
  jump(kind: ClockJump): Promise<ClockView>;
  /** Offset back to 0 (real time); what was recorded at the jumped time stays as it is. */
  backToNow(): Promise<ClockView>;
}

export function createClockControl(options: ClockControlOptions): ClockControl {
  const { clock } = options;
  const view = (): ClockView => {
    const now = clock.now();
    return {
      now: now.toISOString(),
      taipei: formatTaipei(now, 'YYYY-MM-DD HH:mm'),
      offsetMs: clock.offsetMs,
      nextReminder: formatTaipei(nextReminderAt(now, options.schedule), 'YYYY-MM-DD HH:mm'),
    };
  };
  return {
    view,
    async jump(kind) {
      const ms = jumpLength(kind, clock.now(), options.schedule);
      // Leases first: a running job must not look abandoned for even a moment.
      await postponeRunningLeases(options.db, ms);
      clock.advance(ms);
      options.persistOffset(clock.offsetMs);
      options.log.info({ jump: kind, now: clock.now().toISOString() }, 'playground clock moved');
      await options.afterJump();
      return view();
    },
    async backToNow() {
      const back = clock.offsetMs;
      // Running leases keep the time they have left, as when jumping ahead.
      if (back !== 0) await postponeRunningLeases(options.db, -back);
      clock.advance(-back);
      options.persistOffset(0);
      options.log.info({ backMs: back, now: clock.now().toISOString() }, 'playground clock back to real time');
      return view();
    },
  };
}

function jumpLength(kind: ClockJump, now: Date, schedule: ReminderSchedule): number {
  switch (kind) {
    case '2h':
      return 2 * HOUR_MS;
    case '1d':
      return 24 * HOUR_MS;
    case 'next-reminder':
      // A second past the slot, so the scheduler finds it due.
      return nextReminderAt(now, schedule).getTime() - now.getTime() + 1000;
  }
}

/** The next reminder time after `now`: a later day of the just-ended period's slots, else the first of the next period's. */
export function nextReminderAt(now: Date, schedule: ReminderSchedule): Date {
  const current = justEndedPeriod(now);
  for (const period of [current, nextPeriod(current)]) {
    for (const day of schedule.days) {
      const slot = reminderSlot(period, day, schedule);
      if (slot.at.getTime() > now.getTime()) return slot.at;
    }
  }
  throw new Error('no reminder slot in the next two periods: the schedule has no days');
}

import { daysLeft, formatDeadlineLabel, formatOwnerLabel, isLate, justEndedPeriod, periodContaining, samePeriod, type Period } from '../../invoice/period.ts';
import { deadlineCopy } from '../copy/common.ts';

/**
 * The period whose deadline is the nearest one not yet passed: the period that just ended,
 * until the 10th of the odd month; after that the period running now (due after it ends).
 */
export function nextDuePeriod(now: Date): Period {
  const ended = justEndedPeriod(now);
  return isLate(ended, now) ? periodContaining(now) : ended;
}

/** For anyone (a new owner, 說明): the next deadline that is still ahead. */
export function deadlineLine(now: Date): string {
  return dueLine(nextDuePeriod(now), now);
}

/**
 * For one store: its due period when that still needs the owner ("late" only then),
 * otherwise the next deadline ahead.
 */
export function storeDeadlineLine(now: Date, dueStillNeedsOwner: boolean): string {
  const due = justEndedPeriod(now);
  if (dueStillNeedsOwner) return dueLine(due, now);
  return deadlineCopy.next(dueLine(nextAfterDone(now), now));
}

function nextAfterDone(now: Date): Period {
  const next = nextDuePeriod(now);
  // The due period is done: what comes next is the period running now.
  return samePeriod(next, justEndedPeriod(now)) ? periodContaining(now) : next;
}

/** What to say of one period's deadline: late, today, days left, or (still running) after it ends. */
export function dueLine(period: Period, now: Date): string {
  const label = formatOwnerLabel(period);
  const deadline = formatDeadlineLabel(period);
  if (isLate(period, now)) return deadlineCopy.late(label, deadline);
  const days = daysLeft(period, now);
  if (days === 0) return deadlineCopy.today(label, deadline);
  if (samePeriod(period, periodContaining(now))) return deadlineCopy.afterItEnds(label, deadline, days);
  return deadlineCopy.upcoming(label, deadline, days);
}

import { daysLeft, deadlineOf, formatDeadlineLabel, formatOwnerLabel, isLate, justEndedPeriod, type Period } from '../../invoice/period.ts';
import { deadlineCopy } from '../copy/common.ts';

/** The sentence about the period that is due now, e.g. 「11/10 前要回報 115年9-10月 的空白發票，還有 5 天。」 */
export function deadlineLine(now: Date, period: Period = justEndedPeriod(now)): string {
  const label = formatOwnerLabel(period);
  if (isLate(period, now)) return deadlineCopy.late(label, formatDeadlineLabel(period));
  return deadlineCopy.upcoming(label, formatDeadlineLabel(period), daysLeft(period, now));
}

export { deadlineOf };

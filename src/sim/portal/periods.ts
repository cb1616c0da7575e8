// Which 字軌期別 the blank-number page offers: the current period and the six before it,
// newest first, with the period that just ended (the one due now) preselected.
import {
  formatPortalLabel,
  justEndedPeriod,
  periodContaining,
  periodFromKey,
  periodKey,
  previousPeriod,
} from '../../invoice/period.ts';
import type { Period } from '../../invoice/period.ts';
import type { Option } from './layout/types.ts';

const EARLIER_PERIODS_OFFERED = 6;

export function selectablePeriods(now: Date): readonly Period[] {
  const periods: Period[] = [periodContaining(now)];
  for (let i = 0; i < EARLIER_PERIODS_OFFERED; i++) {
    const last = periods[periods.length - 1];
    if (last !== undefined) periods.push(previousPeriod(last));
  }
  return periods;
}

/** The period named by a key, when it is one the page offers. */
export function offeredPeriod(key: string | undefined, now: Date): Period | null {
  const period = key === undefined ? null : periodFromKey(key);
  if (period === null) return null;
  return selectablePeriods(now).some((p) => periodKey(p) === key) ? period : null;
}

export function periodOptions(now: Date, chosenKey: string | undefined): readonly Option[] {
  const chosen = offeredPeriod(chosenKey, now) ?? justEndedPeriod(now);
  return selectablePeriods(now).map((p) => ({
    value: periodKey(p),
    text: formatPortalLabel(p),
    selected: periodKey(p) === periodKey(chosen),
  }));
}

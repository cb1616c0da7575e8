// 字軌期別 as the redesigned site writes them: months not zero-padded (`115/9~115/10`), and the
// period due now marked (本期). Which periods are offered is the platform's rule (../periods.ts).
import { endMonth, justEndedPeriod, periodFromKey, periodKey } from '../../../invoice/period.ts';
import type { Period } from '../../../invoice/period.ts';
import { selectablePeriods } from '../periods.ts';
import { spa } from '../texts.ts';

export interface PeriodChoice {
  readonly key: string;
  readonly label: string;
}

export function spaPeriodLabel(p: Period): string {
  return `${p.rocYear}/${p.startMonth}~${p.rocYear}/${endMonth(p)}`;
}

export function spaPeriodLabelOfKey(key: string): string {
  const period = periodFromKey(key);
  return period === null ? key : spaPeriodLabel(period);
}

/** Newest first; the period that just ended (the one to report) is the one marked and preselected. */
export function periodChoices(now: Date): { readonly periods: readonly PeriodChoice[]; readonly chosen: string } {
  const due = periodKey(justEndedPeriod(now));
  const periods = selectablePeriods(now).map((p) => {
    const key = periodKey(p);
    return { key, label: key === due ? `${spaPeriodLabel(p)} (${spa.currentPeriod})` : spaPeriodLabel(p) };
  });
  return { periods, chosen: due };
}

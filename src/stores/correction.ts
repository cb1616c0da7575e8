// A correction of a period already uploaded: the owner gives the complete right list, and only
// what differs from the platform changes. The platform refuses overlapping ranges, so the rows
// to remove are deleted before the new ones are added.
import type { PeriodRange, PeriodState, RangeOutcome } from '../db/schema.ts';
import { sameRange, sortRanges, type InvoiceRange } from '../invoice/range.ts';

/** Outcomes of a range that is on the platform as far as we know. */
export const ON_PLATFORM: readonly RangeOutcome[] = ['saved', 'already_listed', 'listed'];

export interface CorrectionPlan {
  /** On the platform but not wanted: deleted first. */
  readonly remove: readonly InvoiceRange[];
  /** Wanted but not on the platform: added after the deletions. */
  readonly add: readonly InvoiceRange[];
  /** Wanted and on the platform already: left as they are. */
  readonly keep: readonly InvoiceRange[];
}

export function rangeOfRow(row: Pick<PeriodRange, 'track' | 'start_no' | 'end_no'>): InvoiceRange {
  return { track: row.track, start: row.start_no, end: row.end_no };
}

/** A period can be corrected once something was sent for it, and while nothing for it is in progress. */
export function isCorrectable(state: PeriodState | undefined): boolean {
  return state === 'submitted' || state === 'confirmed';
}

export function isOnPlatform(outcome: RangeOutcome): boolean {
  return ON_PLATFORM.includes(outcome);
}

/** What turns the ranges on the platform into the wanted ones; a range counts only when exactly equal. */
export function planCorrection(onPlatform: readonly InvoiceRange[], wanted: readonly InvoiceRange[]): CorrectionPlan {
  const isWanted = (range: InvoiceRange) => wanted.some((other) => sameRange(range, other));
  const isThere = (range: InvoiceRange) => onPlatform.some((other) => sameRange(range, other));
  return {
    remove: sortRanges(onPlatform.filter((range) => !isWanted(range))),
    add: sortRanges(wanted.filter((range) => !isThere(range))),
    keep: sortRanges(onPlatform.filter(isWanted)),
  };
}

export function changesNothing(plan: CorrectionPlan): boolean {
  return plan.remove.length === 0 && plan.add.length === 0;
}

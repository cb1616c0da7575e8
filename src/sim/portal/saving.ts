// 存檔 of blank ranges, whatever the page or API that carries it: each row judged on its own by
// rules.ts and saved at once when accepted.
import { periodKey } from '../../invoice/period.ts';
import type { Period } from '../../invoice/period.ts';
import type { PlatformContext } from './context.ts';
import type { FixtureAccount } from './fixture.ts';
import { isEmptyRow, refusalOf } from './rules.ts';
import type { EntryRow } from './rules.ts';

export interface SaveOutcome {
  readonly track: string;
  readonly start: string;
  readonly end: string;
  /** The refusal text, or null when the row was saved. */
  readonly refusal: string | null;
}

/** Saves the non-empty rows in order and tells what became of each. */
export function saveBlankRows(ctx: PlatformContext, account: FixtureAccount, period: Period, rows: readonly EntryRow[]): SaveOutcome[] {
  const now = ctx.clock.now();
  const key = periodKey(period);
  const rules = { account, period, periodKey: key, now, allocations: ctx.fixture.allocations, rows: ctx.rows };
  // One row at a time, saving as we go, so a row that repeats an earlier row of the same save is refused.
  return rows.filter((row) => !isEmptyRow(row)).map((row) => {
    const refusal = refusalOf(row, rules);
    if (refusal === null) {
      ctx.rows.add({
        ubn: account.ubn, branch: row.ubn, account: account.account, period: key,
        invoiceType: row.invoiceType === '08' ? '08' : '07',
        track: row.track.trim(), start: row.start.trim(), end: row.end.trim(), savedAt: now,
      });
    }
    return { track: row.track, start: row.start, end: row.end, refusal };
  });
}

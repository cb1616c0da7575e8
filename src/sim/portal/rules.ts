// The platform's checks on one row of 新增 → 存檔. Each refusal carries the platform-like reason
// the 存檔結果 page shows; null means the row is accepted.
import { uploadWindowOpens } from '../../invoice/period.ts';
import type { Period } from '../../invoice/period.ts';
import type { Allocation, FixtureAccount } from './fixture.ts';
import { ubnsOf } from './fixture.ts';
import type { RowStore } from './rows.ts';
import { refusals } from './texts.ts';

export interface EntryRow {
  readonly ubn: string;
  readonly invoiceType: string;
  readonly track: string;
  readonly start: string;
  readonly end: string;
}

export interface RuleContext {
  readonly account: FixtureAccount;
  readonly period: Period;
  readonly periodKey: string;
  readonly now: Date;
  readonly allocations: readonly Allocation[];
  readonly rows: Pick<RowStore, 'overlapsSaved'>;
}

/** A row the person left entirely empty is not a submission (the form starts with one). */
export function isEmptyRow(row: EntryRow): boolean {
  return row.track.trim() === '' && row.start.trim() === '' && row.end.trim() === '';
}

export function refusalOf(row: EntryRow, ctx: RuleContext): string | null {
  if (ctx.now.getTime() < uploadWindowOpens(ctx.period).getTime()) return refusals.windowClosed;
  if (!ubnsOf(ctx.account).includes(row.ubn)) return refusals.foreignUbn;
  if (row.invoiceType !== '07' && row.invoiceType !== '08') return refusals.badInvoiceType;
  const [track, start, end] = [row.track.trim(), row.start.trim(), row.end.trim()];
  if (!/^\d{8}$/.test(start) || !/^\d{8}$/.test(end)) return refusals.notEightDigits;
  if (end < start) return refusals.endBeforeStart;
  const allocated = allocationsFor(ctx, row.ubn, track);
  if (!/^[A-Z]{2}$/.test(track) || allocated.length === 0) return refusals.trackNotAllocated;
  if (!allocated.some((a) => a.start <= start && end <= a.end)) return refusals.outsideAllocation;
  if (ctx.rows.overlapsSaved({ period: ctx.periodKey, branch: row.ubn, track, start, end })) return refusals.duplicate;
  return null;
}

function allocationsFor(ctx: RuleContext, ubn: string, track: string): readonly Allocation[] {
  return ctx.allocations.filter(
    (a) => a.ubn === ubn && a.track === track && (a.period === null || a.period === ctx.periodKey),
  );
}

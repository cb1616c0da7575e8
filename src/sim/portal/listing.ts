// What 查詢 shows, whatever the page or API that carries it: the account's rows (head and
// branches) for a period, only once they are old enough, in a stable order, a page at a time.
import { periodKey } from '../../invoice/period.ts';
import type { Period } from '../../invoice/period.ts';
import type { PlatformContext } from './context.ts';
import type { FixtureAccount } from './fixture.ts';
import { ubnsOf } from './fixture.ts';
import { isVisible } from './rows.ts';
import type { SavedRow } from './rows.ts';

/** Rows of this account (head and branches) for the period that the platform already shows. */
export function shownTo(ctx: PlatformContext, account: FixtureAccount, period: Period): (row: SavedRow) => boolean {
  const ubns = ubnsOf(account);
  const key = periodKey(period);
  const now = ctx.clock.now();
  return (row) => row.period === key && ubns.includes(row.branch) && isVisible(row, now, ctx.rowVisibleDelayMs);
}

export function listedRows(ctx: PlatformContext, account: FixtureAccount, period: Period): SavedRow[] {
  return ctx.rows.all().filter(shownTo(ctx, account, period)).sort(byTrackThenStart);
}

function byTrackThenStart(a: SavedRow, b: SavedRow): number {
  return a.track === b.track ? a.start.localeCompare(b.start) : a.track.localeCompare(b.track);
}

export interface ListPage<T> {
  readonly rows: readonly T[];
  /** The page shown: the one asked for, or the last one when asked for a page past the end. */
  readonly page: number;
  readonly lastPage: number;
  readonly total: number;
}

export function pageOf<T>(rows: readonly T[], requested: number, pageSize: number): ListPage<T> {
  const lastPage = Math.max(1, Math.ceil(rows.length / pageSize));
  const page = Math.min(Math.max(1, requested), lastPage);
  return { rows: rows.slice((page - 1) * pageSize, page * pageSize), page, lastPage, total: rows.length };
}

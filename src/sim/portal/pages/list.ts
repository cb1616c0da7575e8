// 查詢 → 列表: the rows the platform shows for a period, only once they are old enough
// (the seed: about 2 hours after 新增), 15 to a page, with 全選 / 取消全選 / 刪除 / 返回.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { formatPortalLabel, periodFromKey, periodKey } from '../../../invoice/period.ts';
import type { Period } from '../../../invoice/period.ts';
import type { SimContext } from '../context.ts';
import { expireSession, field, fieldNames, fields, redirect, requireSession, sendFramed, sessionOf } from '../http.ts';
import type { ListRowView } from '../layout/types.ts';
import { FIELD, ROUTES } from '../layout/types.ts';
import { listedRows, pageOf, shownTo } from '../listing.ts';
import { offeredPeriod } from '../periods.ts';
import type { SavedRow } from '../rows.ts';
import { entry, list } from '../texts.ts';
import { backToPicker, blankPageHref } from './blank.ts';

export const PAGE_SIZE = 15;

interface ListRequest {
  readonly period: Period;
  readonly page: number;
}

type Selection = 'none' | 'all' | ReadonlySet<number>;

export function listRouter(ctx: SimContext): Router {
  const router = Router();
  const guard = requireSession(ctx);
  router.get(ROUTES.blankList, guard, (req, res) => {
    if (ctx.faults.takeSessionExpiry('query')) return expireSession(ctx, res);
    const request = listRequest(ctx, req);
    if (request === null) return backToPicker(res);
    sendList(ctx, res, request, 'none', null);
  });
  router.post(ROUTES.blankList, guard, (req, res) => {
    const request = listRequest(ctx, req);
    if (request === null) return backToPicker(res);
    handleListPost(ctx, req, res, request);
  });
  return router;
}

function handleListPost(ctx: SimContext, req: Request, res: Response, request: ListRequest): void {
  const names = fieldNames(req.body);
  if (names.includes(FIELD.back)) return redirect(res, blankPageHref(periodKey(request.period)));
  if (names.includes(FIELD.selectAll)) return sendList(ctx, res, request, 'all', null);
  if (names.includes(FIELD.clearAll)) return sendList(ctx, res, request, 'none', null);
  const chosen = new Set(fields(req.body, FIELD.listRowId).map(Number).filter(Number.isInteger));
  if (!names.includes(FIELD.deleteSelected)) return sendList(ctx, res, request, chosen, null);
  if (chosen.size === 0) return sendList(ctx, res, request, 'none', list.nothingSelected);
  const removed = ctx.rows.remove(chosen, shownToSession(ctx, res, request.period));
  sendList(ctx, res, request, 'none', list.deleted(removed));
}

function listRequest(ctx: SimContext, req: Request): ListRequest | null {
  const period = offeredPeriod(field(req.query, FIELD.period), ctx.clock.now());
  if (period === null) return null;
  const page = Number(field(req.query, 'page') || '1');
  return { period, page: Number.isInteger(page) && page > 0 ? page : 1 };
}

function shownToSession(ctx: SimContext, res: Response, period: Period): (row: SavedRow) => boolean {
  return shownTo(ctx, sessionOf(res).account, period);
}

function sendList(ctx: SimContext, res: Response, request: ListRequest, selection: Selection, message: string | null): void {
  const { rows: shown, page, lastPage, total } = pageOf(listedRows(ctx, sessionOf(res).account, request.period), request.page, PAGE_SIZE);
  const key = periodKey(request.period);
  const pageHref = (p: number) => `${ROUTES.blankList}?${FIELD.period}=${key}&page=${p}`;
  sendFramed(ctx, res, {
    heading: list.heading,
    breadcrumb: true,
    content: ctx.layout.queryList({
      periodLabel: formatPortalLabel(request.period),
      formAction: pageHref(page),
      rows: shown.map((row) => listRowView(row, selection)),
      footer: total === 0 ? null : list.footer(page, PAGE_SIZE, total),
      previousHref: page > 1 ? pageHref(page - 1) : null,
      nextHref: page < lastPage ? pageHref(page + 1) : null,
      message,
    }),
    backHref: null,
  });
}

function listRowView(row: SavedRow, selection: Selection): ListRowView {
  return {
    id: row.id,
    branch: row.branch,
    invoiceType: entry.invoiceTypes[row.invoiceType],
    periodLabel: periodLabelOfKey(row.period),
    track: row.track,
    start: row.start,
    end: row.end,
    checked: selection === 'all' || (selection !== 'none' && selection.has(row.id)),
  };
}

function periodLabelOfKey(key: string): string {
  const period = periodFromKey(key);
  return period === null ? key : formatPortalLabel(period);
}

// /api/menu and /api/blank/*: the data of the business views. Saving, listing and deleting use
// the same platform functions as the server-rendered pages (saving.ts, listing.ts, rows.ts), with
// the same faults at the same points.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { periodKey } from '../../../invoice/period.ts';
import type { Period } from '../../../invoice/period.ts';
import { ubnsOf } from '../fixture.ts';
import type { FixtureAccount } from '../fixture.ts';
import { field } from '../http.ts';
import { listedRows, pageOf, shownTo } from '../listing.ts';
import { offeredPeriod } from '../periods.ts';
import type { SavedRow } from '../rows.ts';
import { saveBlankRows } from '../saving.ts';
import { entry, errors, importPage, list, saveResult, spa, spaFormats, spaLabelsOf } from '../texts.ts';
import { apiSessionOf, expireApiSession, parseBody, requireApiSession, sendError, sendJson } from './api-http.ts';
import { sideMenu } from './menu.ts';
import { periodChoices, spaPeriodLabel, spaPeriodLabelOfKey } from './periods.ts';
import { API, apiSubpath } from './routes.ts';
import type { SpaContext } from './settings.ts';

export const SPA_PAGE_SIZE = 10;
const MAX_ROWS_PER_SAVE = 100;

const rowSchema = z.object({
  ubn: z.string().max(20),
  invoiceType: z.string().max(4),
  track: z.string().max(10),
  start: z.string().max(20),
  end: z.string().max(20),
});
const saveSchema = z.object({ period: z.string(), rows: z.array(rowSchema).max(MAX_ROWS_PER_SAVE) });
const deleteSchema = z.object({ period: z.string(), ids: z.array(z.number().int()).max(1_000) });
const importSchema = z.object({ period: z.string(), fileName: z.string().max(260) });

export function blankApi(ctx: SpaContext): Router {
  const router = Router();
  const guard = requireApiSession(ctx);
  const path = (full: string) => apiSubpath(full);
  router.get(path(API.menu), guard, (_req, res) => {
    sendJson(res, { items: sideMenu(spaLabelsOf(ctx.settings.labels)) });
  });
  router.get(path(API.blank), guard, (_req, res) => {
    if (ctx.faults.takeSessionExpiry('blankPage')) return expireApiSession(ctx, res);
    sendJson(res, periodChoices(ctx.clock.now()));
  });
  router.get(path(API.blankForm), guard, (req, res) => withPeriod(ctx, res, field(req.query, 'period'), (period) => {
    sendJson(res, entryForm(ctx, apiSessionOf(res).account, period));
  }));
  router.post(path(API.rows), guard, (req, res) => save(ctx, req, res));
  router.get(path(API.rows), guard, (req, res) => {
    if (ctx.faults.takeSessionExpiry('query')) return expireApiSession(ctx, res);
    withPeriod(ctx, res, field(req.query, 'period'), (period) => {
      sendJson(res, listPage(ctx, apiSessionOf(res).account, period, Number(field(req.query, 'page') || '1')));
    });
  });
  router.post(path(API.deleteRows), guard, (req, res) => remove(ctx, req, res));
  router.post(path(API.importTracks), guard, (req, res) => {
    const body = parseBody(res, importSchema, req.body);
    if (body !== null) withPeriod(ctx, res, body.period, () => sendJson(res, { message: importPage.received }));
  });
  router.get(path(API.uploads), guard, (_req, res) => sendJson(res, { uploads: [] }));
  return router;
}

function withPeriod(ctx: SpaContext, res: Response, key: string, use: (period: Period) => void): void {
  const period = offeredPeriod(key, ctx.clock.now());
  if (period === null) sendError(res, 400, { code: 'bad-request', message: `period "${key}" is not offered` });
  else use(period);
}

/** What the 新增 dialog needs: the account's 統一編號s and, for each, its tracks in the period. */
function entryForm(ctx: SpaContext, account: FixtureAccount, period: Period) {
  const key = periodKey(period);
  const tracksOf = (ubn: string) => [
    ...new Set(ctx.fixture.allocations.filter((a) => a.ubn === ubn && (a.period === null || a.period === key)).map((a) => a.track)),
  ];
  return {
    periodLine: spaFormats.periodLine(spaPeriodLabel(period)),
    ubns: ubnsOf(account),
    invoiceTypes: (['07', '08'] as const).map((code) => ({ code, label: entry.invoiceTypes[code] })),
    tracks: Object.fromEntries(ubnsOf(account).map((ubn) => [ubn, tracksOf(ubn)])),
  };
}

function save(ctx: SpaContext, req: Request, res: Response): void {
  const body = parseBody(res, saveSchema, req.body);
  if (body === null) return;
  withPeriod(ctx, res, body.period, (period) => {
    if (ctx.faults.takeSessionExpiry('save')) return expireApiSession(ctx, res);
    if (ctx.faults.current().saveServerError) return sendError(res, 500, { code: 'server', message: errors.serverError });
    const outcomes = saveBlankRows(ctx, apiSessionOf(res).account, period, body.rows);
    if (outcomes.length === 0) return sendError(res, 400, { code: 'refused', message: spa.nothingToSave });
    sendJson(res, {
      results: outcomes.map((o) => {
        const message = o.refusal ?? saveResult.ok;
        return { track: o.track, start: o.start, end: o.end, ok: o.refusal === null, message, line: spaFormats.resultLine(o.track, o.start, o.end, message) };
      }),
    });
  });
}

function listPage(ctx: SpaContext, account: FixtureAccount, period: Period, requested: number) {
  const page = pageOf(listedRows(ctx, account, period), Number.isInteger(requested) ? requested : 1, SPA_PAGE_SIZE);
  return {
    rows: page.rows.map(listRow),
    page: page.page,
    lastPage: page.lastPage,
    total: page.total,
    pageSize: SPA_PAGE_SIZE,
    status: spaFormats.pagerStatus(page.page, page.lastPage, page.total),
  };
}

function listRow(row: SavedRow) {
  return {
    id: row.id,
    branch: row.branch,
    invoiceType: entry.invoiceTypes[row.invoiceType],
    period: spaPeriodLabelOfKey(row.period),
    track: row.track,
    start: row.start,
    end: row.end,
    selectLabel: list.selectRow(row.track, row.start, row.end),
  };
}

function remove(ctx: SpaContext, req: Request, res: Response): void {
  const body = parseBody(res, deleteSchema, req.body);
  if (body === null) return;
  withPeriod(ctx, res, body.period, (period) => {
    if (body.ids.length === 0) return sendError(res, 400, { code: 'refused', message: list.nothingSelected });
    const deleted = ctx.rows.remove(new Set(body.ids), shownTo(ctx, apiSessionOf(res).account, period));
    sendJson(res, { deleted, message: list.deleted(deleted) });
  });
}

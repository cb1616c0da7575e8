// 新增: rows of blank ranges typed by hand, re-rendered by the server on 新增一列 / 刪除,
// and 存檔, which judges each row on its own and shows 存檔結果.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { formatPortalLabel, periodKey } from '../../../invoice/period.ts';
import type { Period } from '../../../invoice/period.ts';
import type { SimContext } from '../context.ts';
import { ubnsOf } from '../fixture.ts';
import { expireSession, field, fieldNames, fields, requireSession, sendDocument, sendFramed, sessionOf } from '../http.ts';
import type { EntryRowView, Option } from '../layout/types.ts';
import { FIELD, ROUTES } from '../layout/types.ts';
import { offeredPeriod } from '../periods.ts';
import type { EntryRow } from '../rules.ts';
import { saveBlankRows } from '../saving.ts';
import { entry, errors, saveResult } from '../texts.ts';
import { backToPicker, blankPageHref } from './blank.ts';

type FormAction = { kind: 'save' } | { kind: 'addRow' } | { kind: 'deleteRow'; index: number } | { kind: 'redisplay' };

export function entryRouter(ctx: SimContext): Router {
  const router = Router();
  const guard = requireSession(ctx);
  router.get(ROUTES.blankNew, guard, (req, res) => {
    const period = offeredPeriod(field(req.query, FIELD.period), ctx.clock.now());
    if (period === null) return backToPicker(res);
    sendEntryForm(ctx, res, period, [emptyRow(defaultUbn(res))]);
  });
  router.post(ROUTES.blankNew, guard, (req, res) => {
    const period = offeredPeriod(field(req.body, FIELD.period) || field(req.query, FIELD.period), ctx.clock.now());
    if (period === null) return backToPicker(res);
    handleEntryPost(ctx, req, res, period);
  });
  return router;
}

function handleEntryPost(ctx: SimContext, req: Request, res: Response, period: Period): void {
  const rows = submittedRows(req.body);
  const action = formAction(req.body);
  switch (action.kind) {
    case 'save':
      return save(ctx, res, period, rows);
    case 'addRow':
      return sendEntryForm(ctx, res, period, [...rows, emptyRow(defaultUbn(res))]);
    case 'deleteRow': {
      const kept = rows.filter((_, i) => i !== action.index);
      return sendEntryForm(ctx, res, period, kept.length > 0 ? kept : [emptyRow(defaultUbn(res))]);
    }
    case 'redisplay':
      return sendEntryForm(ctx, res, period, rows.length > 0 ? rows : [emptyRow(defaultUbn(res))]);
  }
}

// Buttons are told apart by their name, not their value: in the alternative layout the value is the visible text.
function formAction(body: unknown): FormAction {
  const names = fieldNames(body);
  if (names.includes(FIELD.save)) return { kind: 'save' };
  if (names.includes(FIELD.addRow)) return { kind: 'addRow' };
  const deletion = names.find((n) => n.startsWith(FIELD.deleteRowPrefix));
  const index = deletion === undefined ? NaN : Number(deletion.slice(FIELD.deleteRowPrefix.length));
  return Number.isInteger(index) ? { kind: 'deleteRow', index } : { kind: 'redisplay' };
}

function submittedRows(body: unknown): EntryRow[] {
  const columns = [FIELD.rowUbn, FIELD.rowType, FIELD.rowTrack, FIELD.rowStart, FIELD.rowEnd].map((name) => fields(body, name));
  const count = Math.max(...columns.map((c) => c.length));
  const [ubns, types, tracks, starts, ends] = columns;
  return Array.from({ length: count }, (_, i) => ({
    ubn: ubns?.[i] ?? '',
    invoiceType: types?.[i] ?? '07',
    track: tracks?.[i] ?? '',
    start: starts?.[i] ?? '',
    end: ends?.[i] ?? '',
  }));
}

function save(ctx: SimContext, res: Response, period: Period, rows: readonly EntryRow[]): void {
  if (ctx.faults.takeSessionExpiry('save')) return expireSession(ctx, res);
  if (ctx.faults.current().saveServerError) return sendServerError(ctx, res);
  const outcomes = saveBlankRows(ctx, sessionOf(res).account, period, rows).map((o) => ({
    track: o.track, start: o.start, end: o.end, result: o.refusal ?? saveResult.ok, ok: o.refusal === null,
  }));
  const key = periodKey(period);
  const okCount = outcomes.filter((o) => o.ok).length;
  sendFramed(ctx, res, {
    heading: saveResult.heading,
    breadcrumb: true,
    content: ctx.layout.saveResult({
      periodLabel: formatPortalLabel(period),
      outcomes,
      summary: saveResult.summary(okCount, outcomes.length - okCount),
      continueHref: `${ROUTES.blankNew}?${FIELD.period}=${key}`,
    }),
    backHref: blankPageHref(key),
  });
}

function sendServerError(ctx: SimContext, res: Response): void {
  const body = ctx.layout.message({
    title: errors.serverError,
    heading: errors.serverError,
    text: null,
    link: { text: errors.backHome, href: ROUTES.menu },
  });
  sendDocument(ctx, res, 500, errors.serverError, body);
}

function sendEntryForm(ctx: SimContext, res: Response, period: Period, rows: readonly EntryRow[]): void {
  const ubns = ubnsOf(sessionOf(res).account);
  const key = periodKey(period);
  sendFramed(ctx, res, {
    heading: entry.heading,
    breadcrumb: true,
    content: ctx.layout.entryForm({
      periodKey: key,
      periodLabel: formatPortalLabel(period),
      formAction: `${ROUTES.blankNew}?${FIELD.period}=${key}`,
      rows: rows.map((row) => rowView(row, ubns)),
    }),
    backHref: blankPageHref(key),
  });
}

function rowView(row: EntryRow, ubns: readonly string[]): EntryRowView {
  return {
    ubns: ubns.map((ubn) => option(ubn, ubn, row.ubn)),
    invoiceTypes: (['07', '08'] as const).map((code) => option(code, entry.invoiceTypes[code], row.invoiceType)),
    track: row.track,
    start: row.start,
    end: row.end,
  };
}

function option(value: string, text: string, chosen: string): Option {
  return { value, text, selected: value === chosen };
}

function emptyRow(ubn: string): EntryRow {
  return { ubn, invoiceType: '07', track: '', start: '', end: '' };
}

function defaultUbn(res: Response): string {
  return sessionOf(res).account.ubn;
}

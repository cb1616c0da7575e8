// 上傳未使用空白發票號碼作業: the 字軌期別 picker with 新增 / 查詢 / 匯入字軌 / 上傳列表,
// and the two side pages (匯入字軌, 上傳列表) that exist but the chore never needs.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { justEndedPeriod, periodKey } from '../../../invoice/period.ts';
import type { SimContext } from '../context.ts';
import { expireSession, field, redirect, requireSession, sendFramed } from '../http.ts';
import { FIELD, ROUTES } from '../layout/types.ts';
import { offeredPeriod, periodOptions } from '../periods.ts';
import { blank, importPage, uploadListPage } from '../texts.ts';

export function blankRouter(ctx: SimContext): Router {
  const router = Router();
  const guard = requireSession(ctx);
  router.get(ROUTES.blank, guard, (req, res) => {
    if (ctx.faults.takeSessionExpiry('blankPage')) {
      expireSession(ctx, res);
      return;
    }
    const periods = periodOptions(ctx.clock.now(), field(req.query, FIELD.period) || undefined);
    sendFramed(ctx, res, {
      heading: blank.pageHeading,
      breadcrumb: true,
      content: ctx.layout.blankSelect({ periods }),
      backHref: ROUTES.trackUpload,
    });
  });
  router.get(ROUTES.blankImport, guard, (req, res) => sendImport(ctx, req, res, null));
  router.post(ROUTES.blankImport, guard, (req, res) => sendImport(ctx, req, res, importPage.received));
  router.get(ROUTES.blankUploads, guard, (req, res) => {
    sendFramed(ctx, res, {
      heading: uploadListPage.heading,
      breadcrumb: true,
      content: ctx.layout.uploadList(),
      backHref: blankPageHref(chosenKey(ctx, req)),
    });
  });
  return router;
}

function sendImport(ctx: SimContext, req: Request, res: Response, message: string | null): void {
  const periodKeyChosen = chosenKey(ctx, req);
  sendFramed(ctx, res, {
    heading: importPage.heading,
    breadcrumb: true,
    content: ctx.layout.importForm({ periodKey: periodKeyChosen, message }),
    backHref: blankPageHref(periodKeyChosen),
  });
}

function chosenKey(ctx: SimContext, req: Request): string {
  const now = ctx.clock.now();
  return periodKey(offeredPeriod(field(req.query, FIELD.period), now) ?? justEndedPeriod(now));
}

export function blankPageHref(key: string): string {
  return `${ROUTES.blank}?${FIELD.period}=${encodeURIComponent(key)}`;
}

/** Anything asking for a period the page does not offer goes back to the picker. */
export function backToPicker(res: Response): void {
  redirect(res, ROUTES.blank);
}

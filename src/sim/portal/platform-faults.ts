// How the maintenance and slowness faults reach every platform page (but never /__sim).
import type { RequestHandler, Response } from 'express';
import { taipeiDate, formatTaipei } from '../../invoice/taipei-time.ts';
import type { PlatformContext, SimContext } from './context.ts';
import { field, sendDocument } from './http.ts';
import { FIELD, ROUTES } from './layout/types.ts';
import { errors } from './texts.ts';

const HOUR_MS = 3_600_000;
const MAINTENANCE_HOURS = 6;

export function slowdown(ctx: PlatformContext): RequestHandler {
  return (_req, _res, next) => {
    const delay = ctx.faults.current().slowMs;
    if (delay > 0) setTimeout(next, delay);
    else next();
  };
}

export function maintenanceGate(ctx: SimContext): RequestHandler {
  return (req, res, next) => {
    if (!ctx.faults.current().maintenance) return next();
    if (req.method === 'POST' && req.path === ROUTES.login) {
      ctx.logins.record(ctx.clock.now(), field(req.body, FIELD.ubn).trim(), field(req.body, FIELD.account).trim(), 'maintenance');
    }
    sendMaintenance(ctx, res);
  };
}

export const MAINTENANCE_RETRY_AFTER_S = MAINTENANCE_HOURS * 3600;

export interface MaintenanceNotice {
  readonly heading: string;
  readonly text: string;
}

/** The announcement; the window is set around the present moment so the sentence always reads sensibly. */
export function maintenanceNotice(ctx: PlatformContext): MaintenanceNotice {
  const start = new Date(Math.floor(ctx.clock.now().getTime() / HOUR_MS) * HOUR_MS);
  const end = new Date(start.getTime() + MAINTENANCE_HOURS * HOUR_MS);
  return { heading: errors.maintenanceHeading, text: errors.maintenanceWindow(rocDateTime(start), rocDateTime(end)) };
}

function sendMaintenance(ctx: SimContext, res: Response): void {
  const notice = maintenanceNotice(ctx);
  const body = ctx.layout.message({ title: notice.heading, heading: notice.heading, text: notice.text, link: null });
  res.set('Retry-After', String(MAINTENANCE_RETRY_AFTER_S));
  sendDocument(ctx, res, 503, notice.heading, body);
}

/** `115/10/01 18:00`, as the platform's announcements write times. */
export function rocDateTime(instant: Date): string {
  const rocYear = taipeiDate(instant).year - 1911;
  return `${rocYear}/${formatTaipei(instant, 'MM/DD HH:mm')}`;
}

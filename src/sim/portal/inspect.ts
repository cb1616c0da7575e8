// /__sim/*: JSON for tests and for people debugging the driver. Not part of the platform:
// faults never apply here, and nothing here needs a login.
import express, { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { PlatformContext } from './context.ts';
import { faultsPatchSchema } from './faults.ts';
import { field } from './http.ts';
import { isVisible } from './rows.ts';

export interface RowSnapshot {
  readonly id: number;
  readonly ubn: string;
  readonly branch: string;
  readonly account: string;
  readonly period: string;
  readonly invoiceType: string;
  readonly track: string;
  readonly start: string;
  readonly end: string;
  readonly savedAt: string;
  readonly visible: boolean;
}

export function rowSnapshots(ctx: PlatformContext): RowSnapshot[] {
  const now = ctx.clock.now();
  return ctx.rows.all().map((row) => ({
    id: row.id,
    ubn: row.ubn,
    branch: row.branch,
    account: row.account,
    period: row.period,
    invoiceType: row.invoiceType,
    track: row.track,
    start: row.start,
    end: row.end,
    savedAt: row.savedAt.toISOString(),
    visible: isVisible(row, now, ctx.rowVisibleDelayMs),
  }));
}

export function resetState(ctx: PlatformContext): void {
  ctx.rows.clear();
  ctx.logins.clear();
  ctx.sessions.clear();
  ctx.captchas.clear();
  ctx.faults.reset();
}

const INSPECT_ENDPOINTS = [
  'GET /__sim/rows',
  'GET /__sim/login-attempts',
  'GET /__sim/captcha-answer?sha256=<hex of the PNG bytes>',
  'GET /__sim/faults',
  'POST /__sim/faults {maintenance?, slowMs?, expireSessionOn?, saveServerError?, captchaAlwaysWrong?, botCheck?}',
  'POST /__sim/clock {advanceMs}',
  'GET /__sim/now',
  'POST /__sim/reset',
] as const;

const clockSchema = z.strictObject({ advanceMs: z.number().finite().min(0) });

export function inspectRouter(ctx: PlatformContext): Router {
  const router = Router();
  router.use(express.json());
  router.get('/', (_req, res) => {
    res.json({ endpoints: INSPECT_ENDPOINTS });
  });
  router.get('/rows', (_req, res) => {
    res.json({ rows: rowSnapshots(ctx) });
  });
  router.get('/login-attempts', (_req, res) => {
    res.json({ attempts: ctx.logins.attempts() });
  });
  router.get('/captcha-answer', (req, res) => {
    const answer = ctx.captchas.answerForImage(field(req.query, 'sha256'));
    if (answer === null) res.status(404).json({ error: 'no captcha image with that sha256' });
    else res.json({ answer });
  });
  router.get('/faults', (_req, res) => {
    res.json({ faults: ctx.faults.current() });
  });
  router.post('/faults', (req, res) => withBody(req, res, faultsPatchSchema, (patch) => {
    ctx.faults.set(patch);
    res.json({ faults: ctx.faults.current() });
  }));
  router.post('/clock', (req, res) => withBody(req, res, clockSchema, ({ advanceMs }) => {
    ctx.clock.advance(advanceMs);
    res.json(clockJson(ctx));
  }));
  router.get('/now', (_req, res) => {
    res.json(clockJson(ctx));
  });
  router.post('/reset', (_req, res) => {
    resetState(ctx);
    res.json({ ok: true });
  });
  return router;
}

function clockJson(ctx: PlatformContext): { now: string; offsetMs: number } {
  return { now: ctx.clock.now().toISOString(), offsetMs: ctx.clock.offsetMs() };
}

function withBody<T>(req: Request, res: Response, schema: z.ZodType<T>, use: (value: T) => void): void {
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) {
    res.status(400).json({ error: z.prettifyError(parsed.error) });
    return;
  }
  use(parsed.data);
}

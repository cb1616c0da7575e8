// The playground's controls over time and state: jump ahead, back to real time, and start over from an
// empty machine. Every open page hears of each change through its event stream.
import type { EventEmitter } from 'node:events';
import type { NextFunction, Response, Router } from 'express';
import { z } from 'zod';
import { CLOCK_JUMPS, type ClockControl, type ClockView } from './clock-control.ts';

export interface ClockRoutesOptions {
  readonly clock: ClockControl;
  readonly events: EventEmitter;
  /** 「全部重來」; without it (not local mode) the route does not exist. */
  readonly startOver: (() => Promise<void>) | undefined;
}

const clockBody = z.object({ jump: z.enum(CLOCK_JUMPS) });
/** A JSON body a page sends on purpose: a cross-site form cannot post JSON without a CORS preflight. */
const startOverBody = z.object({ confirm: z.literal(true, 'send {"confirm": true} to empty everything') });

export function mountClockRoutes(router: Router, options: ClockRoutesOptions): void {
  const { clock, events } = options;
  const answerClock = (res: Response, next: NextFunction) => (work: Promise<ClockView>) =>
    work.then((view) => {
      events.emit('clock', view);
      res.json({ clock: view });
    }, next);

  router.post('/playground/api/clock', (req, res, next) => {
    const body = clockBody.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ error: issues(body.error) });
    answerClock(res, next)(clock.jump(body.data.jump));
  });
  router.post('/playground/api/clock/now', (_req, res, next) => answerClock(res, next)(clock.backToNow()));

  const { startOver } = options;
  if (!startOver) return;
  router.post('/playground/api/start-over', (req, res, next) => {
    const body = startOverBody.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ error: issues(body.error) });
    startOver().then(() => {
      events.emit('clock', clock.view());
      events.emit('start-over');
      res.json({ ok: true, clock: clock.view() });
    }, next);
  });
}

function issues(error: z.ZodError): string {
  return error.issues.map((issue) => issue.message).join('; ');
}

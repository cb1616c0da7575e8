// /api/session, /api/captcha, /api/login, /api/logout: the login route's data. The 營業人 login
// goes through the same attemptLogin as the server-rendered layouts, so the login book, the lock
// and the captcha faults behave the same.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { SESSION_COOKIE, clearSessionCookie, readCookie, setSessionCookie, visitorId } from '../http.ts';
import { attemptLogin } from '../login-attempt.ts';
import { loginErrors, menu, spa } from '../texts.ts';
import { parseBody, sendError, sendJson } from './api-http.ts';
import { apiSubpath, API } from './routes.ts';
import type { SpaContext } from './settings.ts';

const loginSchema = z.discriminatedUnion('identity', [
  z.object({
    identity: z.literal('business'),
    ubn: z.string().max(20),
    account: z.string().max(100),
    password: z.string().max(200),
    captcha: z.string().max(20),
  }),
  z.object({
    identity: z.literal('consumer'),
    phone: z.string().max(100),
    password: z.string().max(200),
    captcha: z.string().max(20),
  }),
]);

type LoginBody = z.infer<typeof loginSchema>;

export function loginApi(ctx: SpaContext): Router {
  const router = Router();
  router.get(apiSubpath(API.session), (req, res) => sessionState(ctx, req, res));
  router.get(apiSubpath(API.captcha), (req, res) => {
    const visitor = visitorId(req, res);
    const { id } = ctx.captchas.issue(visitor);
    const png = ctx.captchas.image(visitor, id);
    if (png === null) throw new Error('a captcha just issued has no image');
    sendJson(res, { image: `data:image/png;base64,${png.toString('base64')}` });
  });
  router.post(apiSubpath(API.login), (req, res) => {
    const body = parseBody(res, loginSchema, req.body);
    if (body !== null) login(ctx, req, res, body);
  });
  router.post(apiSubpath(API.logout), (req, res) => {
    ctx.sessions.end(readCookie(req, SESSION_COOKIE));
    clearSessionCookie(res);
    sendJson(res, { message: loginErrors.loggedOut });
  });
  return router;
}

// A cookie whose session has gone idle is reported once as expired, so the app can say
// 「閒置時間過久」 rather than silently showing the login route.
function sessionState(ctx: SpaContext, req: Request, res: Response): void {
  const cookie = readCookie(req, SESSION_COOKIE);
  const session = ctx.sessions.touch(cookie, ctx.clock.now());
  if (session !== null) return sendJson(res, { loggedIn: true, welcome: menu.welcome(session.account.name) });
  if (cookie === undefined) return sendJson(res, { loggedIn: false });
  clearSessionCookie(res);
  sendJson(res, { loggedIn: false, expired: true });
}

function login(ctx: SpaContext, req: Request, res: Response, body: LoginBody): void {
  const visitor = visitorId(req, res);
  if (body.identity === 'consumer') return consumerLogin(ctx, res, visitor, body.captcha);
  const result = attemptLogin(ctx, visitor, body, readCookie(req, SESSION_COOKIE));
  if (result.kind === 'refused') {
    sendError(res, 400, { code: 'refused', message: result.error, reason: result.outcome });
    return;
  }
  setSessionCookie(res, result.session);
  sendJson(res, { welcome: menu.welcome(result.session.account.name) });
}

// The simulated platform has no consumer accounts: the captcha is still checked (and consumed)
// first, as for 營業人, so a consumer attempt looks like a real refusal.
function consumerLogin(ctx: SpaContext, res: Response, visitor: string, captcha: string): void {
  const captchaOk = ctx.captchas.check(visitor, captcha) && !ctx.faults.current().captchaAlwaysWrong;
  const message = captchaOk ? spa.consumerRefused : loginErrors.captchaWrong;
  sendError(res, 400, { code: 'refused', message, reason: captchaOk ? 'unknown-account' : 'captcha-wrong' });
}

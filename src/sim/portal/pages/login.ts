// POST /login and /logout of the server-rendered layouts; the checks themselves are in login-attempt.ts.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { SimContext } from '../context.ts';
import {
  SESSION_COOKIE,
  clearSessionCookie,
  field,
  readCookie,
  redirect,
  setSessionCookie,
  visitorId,
} from '../http.ts';
import { FIELD, ROUTES } from '../layout/types.ts';
import { attemptLogin } from '../login-attempt.ts';
import { sendHome } from './home.ts';

export function loginRouter(ctx: SimContext): Router {
  const router = Router();
  router.post(ROUTES.login, (req, res) => login(ctx, req, res));
  router.get(ROUTES.logout, (req, res) => {
    ctx.sessions.end(readCookie(req, SESSION_COOKIE));
    clearSessionCookie(res);
    redirect(res, `${ROUTES.home}?loggedOut=1`);
  });
  return router;
}

function login(ctx: SimContext, req: Request, res: Response): void {
  const form = {
    ubn: field(req.body, FIELD.ubn),
    account: field(req.body, FIELD.account),
    password: field(req.body, FIELD.password),
    captcha: field(req.body, FIELD.captcha),
  };
  const result = attemptLogin(ctx, visitorId(req, res), form, readCookie(req, SESSION_COOKIE));
  if (result.kind === 'success') {
    setSessionCookie(res, result.session);
    redirect(res, ROUTES.menu);
    return;
  }
  sendHome(ctx, req, res, { error: result.error, notice: null, ubn: form.ubn.trim(), account: form.account.trim() });
}

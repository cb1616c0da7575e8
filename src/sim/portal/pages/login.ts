// POST /login and /logout. The checks run in the platform's order: captcha, then whether the
// 統一編號+帳號 pair exists, then the lock, then the password. Every attempt is recorded without
// the password.
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
import type { CredentialCheck, LoginOutcome } from '../logins.ts';
import { loginErrors } from '../texts.ts';
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
  const now = ctx.clock.now();
  const ubn = field(req.body, FIELD.ubn).trim();
  const account = field(req.body, FIELD.account).trim();
  const record = (outcome: LoginOutcome) => ctx.logins.record(now, ubn, account, outcome);
  const refuse = (error: string) => sendHome(ctx, req, res, { error, notice: null, ubn, account });

  // Always consume the captcha, even when a fault makes the answer irrelevant.
  const captchaOk = ctx.captchas.check(visitorId(req, res), field(req.body, FIELD.captcha));
  if (!captchaOk || ctx.faults.current().captchaAlwaysWrong) {
    record('captcha-wrong');
    refuse(loginErrors.captchaWrong);
    return;
  }
  const result = ctx.logins.check({ ubn, account, password: field(req.body, FIELD.password) }, now);
  record(result.kind);
  if (result.kind === 'success') {
    ctx.sessions.end(readCookie(req, SESSION_COOKIE));
    setSessionCookie(res, ctx.sessions.create(result.account, now));
    redirect(res, ROUTES.menu);
    return;
  }
  refuse(refusalText(result));
}

function refusalText(result: Exclude<CredentialCheck, { kind: 'success' }>): string {
  switch (result.kind) {
    case 'unknown-account':
      return loginErrors.unknownAccount;
    case 'locked':
    case 'locked-now':
      return loginErrors.locked;
    case 'wrong-password':
      return loginErrors.wrongPassword(result.failures);
  }
}

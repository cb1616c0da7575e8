// One 營業人 login attempt, whatever the page or API that carries it. The checks run in the
// platform's order: captcha, then whether the 統一編號+帳號 pair exists, then the lock, then the
// password. Every attempt is recorded without the password.
import type { PlatformContext } from './context.ts';
import type { CredentialCheck, LoginOutcome } from './logins.ts';
import type { Session } from './sessions.ts';
import { loginErrors } from './texts.ts';

export interface LoginForm {
  readonly ubn: string;
  readonly account: string;
  readonly password: string;
  readonly captcha: string;
}

export type LoginResult =
  | { readonly kind: 'success'; readonly session: Session }
  | { readonly kind: 'refused'; readonly outcome: LoginOutcome; readonly error: string };

/**
 * Checks the form for the visitor who was shown the captcha. On success the visitor's previous
 * session (if any) ends and a new one starts.
 */
export function attemptLogin(ctx: PlatformContext, visitor: string, form: LoginForm, previousSession: string | undefined): LoginResult {
  const now = ctx.clock.now();
  const ubn = form.ubn.trim();
  const account = form.account.trim();
  const record = (outcome: LoginOutcome) => ctx.logins.record(now, ubn, account, outcome);
  // Always consume the captcha, even when a fault makes the answer irrelevant.
  const captchaOk = ctx.captchas.check(visitor, form.captcha);
  if (!captchaOk || ctx.faults.current().captchaAlwaysWrong) {
    record('captcha-wrong');
    return { kind: 'refused', outcome: 'captcha-wrong', error: loginErrors.captchaWrong };
  }
  const result = ctx.logins.check({ ubn, account, password: form.password }, now);
  record(result.kind);
  if (result.kind !== 'success') return { kind: 'refused', outcome: result.kind, error: refusalText(result) };
  ctx.sessions.end(previousSession);
  return { kind: 'success', session: ctx.sessions.create(result.account, now) };
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

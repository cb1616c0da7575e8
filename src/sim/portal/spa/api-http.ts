// JSON plumbing of the spa API: one error shape, the session guard that answers 401 instead of
// redirecting, and the session a guarded handler runs for.
import type { RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { SESSION_COOKIE, clearSessionCookie, readCookie } from '../http.ts';
import type { PlatformContext } from '../context.ts';
import type { Session } from '../sessions.ts';
import { loginErrors } from '../texts.ts';

/** What the client switches on; `message` is the platform's own text, shown as it is. */
export type ApiErrorCode = 'refused' | 'expired' | 'maintenance' | 'server' | 'bad-request' | 'not-found' | 'bot-check';

export interface ApiErrorBody {
  readonly code: ApiErrorCode;
  readonly message: string;
  readonly detail?: string;
  /** Why a login was refused (the login book's outcome), for tests and debugging. */
  readonly reason?: string;
}

export function sendError(res: Response, status: number, body: ApiErrorBody): void {
  res.status(status).set('Cache-Control', 'no-store').json(body);
}

export function sendJson(res: Response, body: unknown): void {
  res.set('Cache-Control', 'no-store').json(body);
}

const liveSessions = new WeakMap<Response, Session>();

export function apiSessionOf(res: Response): Session {
  const session = liveSessions.get(res);
  if (session === undefined) throw new Error('apiSessionOf called on a route without requireApiSession');
  return session;
}

export function requireApiSession(ctx: PlatformContext): RequestHandler {
  return (req, res, next) => {
    const session = ctx.sessions.touch(readCookie(req, SESSION_COOKIE), ctx.clock.now());
    if (session === null) return sendExpired(res);
    liveSessions.set(res, session);
    next();
  };
}

/** The fault "session expired at this step": the session ends as if the idle timeout had struck. */
export function expireApiSession(ctx: PlatformContext, res: Response): void {
  ctx.sessions.end(apiSessionOf(res).id);
  sendExpired(res);
}

function sendExpired(res: Response): void {
  clearSessionCookie(res);
  sendError(res, 401, { code: 'expired', message: loginErrors.expired });
}

/** The parsed body, or a 400 already sent and null. */
export function parseBody<T>(res: Response, schema: z.ZodType<T>, body: unknown): T | null {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  sendError(res, 400, { code: 'bad-request', message: 'the request body does not match the API', detail: parsed.error.message });
  return null;
}

// Request and response plumbing shared by the pages: cookies, form fields, sending a page,
// and the guard that sends anyone without a live session back to the login page.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { SimContext } from './context.ts';
import type { Html } from './html.ts';
import type { Session } from './sessions.ts';
import { newId } from './sessions.ts';
import { ROUTES } from './layout/types.ts';
import type { FrameView } from './layout/types.ts';
import { SITE_TITLE } from './texts.ts';

export const VISITOR_COOKIE = 'SIMVISITOR';
export const SESSION_COOKIE = 'SIMSESSION';
export const EXPIRED_URL = `${ROUTES.home}?expired=1`;

const COOKIE_OPTIONS = { httpOnly: true, sameSite: 'lax', path: '/' } as const;

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The pre-login visitor id that binds a captcha to the browser that was shown it. */
export function visitorId(req: Request, res: Response): string {
  const existing = readCookie(req, VISITOR_COOKIE);
  if (existing !== undefined && existing !== '') return existing;
  const id = newId();
  res.cookie(VISITOR_COOKIE, id, COOKIE_OPTIONS);
  return id;
}

export function setSessionCookie(res: Response, session: Session): void {
  res.cookie(SESSION_COOKIE, session.id, COOKIE_OPTIONS);
}

export function clearSessionCookie(res: Response): void {
  res.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
}

/** A form or query value; the first one when a name was sent several times. */
export function field(source: unknown, name: string): string {
  const value = record(source)[name];
  if (typeof value === 'string') return value;
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
}

/** Every value sent under a name, in order (repeated inputs, one per row). */
export function fields(source: unknown, name: string): string[] {
  const value = record(source)[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function fieldNames(source: unknown): string[] {
  return Object.keys(record(source));
}

function record(source: unknown): Record<string, unknown> {
  return typeof source === 'object' && source !== null ? (source as Record<string, unknown>) : {};
}

export function sendDocument(ctx: SimContext, res: Response, status: number, title: string, body: Html): void {
  res
    .status(status)
    .type('html')
    .set('Cache-Control', 'no-store')
    .send(ctx.layout.document({ title: `${title} - ${SITE_TITLE}`, body }));
}

/** A logged-in page: the frame with the welcome line and the side menu around the content. */
export function sendFramed(ctx: SimContext, res: Response, view: Omit<FrameView, 'welcomeName'>): void {
  const session = sessionOf(res);
  sendDocument(ctx, res, 200, view.heading, ctx.layout.frame({ ...view, welcomeName: session.account.name }));
}

export function redirect(res: Response, url: string): void {
  res.redirect(303, url);
}

const liveSessions = new WeakMap<Response, Session>();

export function sessionOf(res: Response): Session {
  const session = liveSessions.get(res);
  if (session === undefined) throw new Error('sessionOf called on a route without requireSession');
  return session;
}

export function requireSession(ctx: SimContext): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const session = ctx.sessions.touch(readCookie(req, SESSION_COOKIE), ctx.clock.now());
    if (session === null) {
      clearSessionCookie(res);
      redirect(res, EXPIRED_URL);
      return;
    }
    liveSessions.set(res, session);
    next();
  };
}

/** The fault "session expired at this step": the session ends as if the idle timeout had struck. */
export function expireSession(ctx: SimContext, res: Response): void {
  ctx.sessions.end(sessionOf(res).id);
  clearSessionCookie(res);
  redirect(res, EXPIRED_URL);
}

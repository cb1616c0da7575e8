// The plumbing every fake API route shares: one way to answer (which also records the call), the
// bearer check, injected faults, and LINE-shaped answers for bodies that do not parse.
import { timingSafeEqual } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { lineError, MESSAGES } from './errors.ts';
import type { Failure, Faults } from './faults.ts';
import { newRequestId } from './ids.ts';
import { recordCall, type StoredContent, type Store } from './store.ts';

export interface ApiContext {
  readonly store: Store;
  readonly faults: Faults;
  readonly now: () => Date;
  readonly channelAccessToken: string;
  readonly replyTokenTtlMs: number;
  readonly monthlyQuota: number;
  readonly botUserId: string;
  /** The playground's loopback origin whose images may be http (see loopback-media.ts). */
  readonly httpMediaOrigin: string | undefined;
}

const REQUEST_ID = 'lineRequestId';
const PENDING_FAILURE = 'linePendingFailure';
const PENDING_DELAY_MS = 'linePendingDelayMs';

export function requestIdOf(res: Response): string {
  const id: unknown = res.locals[REQUEST_ID];
  return typeof id === 'string' ? id : '';
}

/**
 * Answers with JSON and records the call. An armed after-processing failure replaces the answer here,
 * and an armed after-processing delay holds it (the work is already done).
 */
export function answer(
  ctx: ApiContext,
  req: Request,
  res: Response,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const failure = pendingFailure(res);
  const finalStatus = failure?.status ?? status;
  const finalBody = failure ? failure.body : body;
  record(ctx, req, res, finalStatus, finalBody);
  const send = () => {
    // The caller may be gone by now (a bot killed while waiting): nothing to answer then.
    if (!res.destroyed) res.status(finalStatus).set(headers).json(finalBody);
  };
  const delayMs: unknown = res.locals[PENDING_DELAY_MS];
  if (typeof delayMs === 'number' && delayMs > 0) setTimeout(send, delayMs);
  else send();
}

export function answerContent(ctx: ApiContext, req: Request, res: Response, content: StoredContent): void {
  record(ctx, req, res, 200, { contentType: content.contentType, bytes: content.bytes.length });
  res.status(200).type(content.contentType).send(content.bytes);
}

function record(ctx: ApiContext, req: Request, res: Response, status: number, response: unknown): void {
  recordCall(ctx.store, {
    at: ctx.now(),
    requestId: requestIdOf(res),
    method: req.method,
    path: req.path,
    headers: headersWithoutSecrets(req),
    body: recordedBody(req),
    status,
    response,
  });
}

function headersWithoutSecrets(req: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === 'authorization' || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function recordedBody(req: Request): unknown {
  const body: unknown = req.body;
  if (Buffer.isBuffer(body)) return { contentType: req.get('content-type') ?? '', bytes: body.length };
  return body;
}

function pendingFailure(res: Response): Failure | undefined {
  const failure: unknown = res.locals[PENDING_FAILURE];
  return failure === undefined ? undefined : (failure as Failure);
}

/** Every LINE answer carries a request id; the 409 of a repeated retry key points back to one. */
export function assignRequestId(): RequestHandler {
  return (_req, res, next) => {
    const id = newRequestId();
    res.locals[REQUEST_ID] = id;
    res.set('x-line-request-id', id);
    next();
  };
}

export function requireBearer(ctx: ApiContext): RequestHandler {
  const expected = Buffer.from(ctx.channelAccessToken);
  return (req, res, next) => {
    const header = req.get('authorization');
    if (!header?.startsWith('Bearer ')) {
      answer(ctx, req, res, 401, lineError(MESSAGES.missingAuth));
      return;
    }
    const given = Buffer.from(header.slice('Bearer '.length));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      answer(ctx, req, res, 401, lineError(MESSAGES.badToken));
      return;
    }
    next();
  };
}

/**
 * Applies armed delays and failures. A delay holds the request, then lets it run normally; an
 * after-processing delay lets it run at once and holds only its answer.
 */
export function injectFaults(ctx: ApiContext): RequestHandler {
  return async (req, res, next) => {
    const delay = ctx.faults.takeDelay(req.path);
    if (delay?.afterProcessing) res.locals[PENDING_DELAY_MS] = delay.ms;
    else if (delay && delay.ms > 0) await new Promise((resolve) => setTimeout(resolve, delay.ms));
    const failure = ctx.faults.takeFailure(req.path);
    if (failure?.afterProcessing) res.locals[PENDING_FAILURE] = failure;
    if (failure && !failure.afterProcessing) {
      answer(ctx, req, res, failure.status, failure.body);
      return;
    }
    next();
  };
}

export function notFound(ctx: ApiContext): RequestHandler {
  return (req, res) => answer(ctx, req, res, 404, lineError(MESSAGES.notFound));
}

/** Body-parser errors (bad JSON, too large) become LINE-shaped answers instead of express's HTML page. */
export function bodyErrors(ctx: ApiContext): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status = statusOf(error);
    const message = status === 400 ? MESSAGES.badJson : error instanceof Error ? error.message : String(error);
    if (!res.headersSent) answer(ctx, req, res, status, lineError(message));
  };
}

function statusOf(error: unknown): number {
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') {
    return error.status;
  }
  return 500;
}

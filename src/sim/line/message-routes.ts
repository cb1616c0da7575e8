// POST /v2/bot/message/reply and /push: validation, single-use reply tokens, retry keys and the monthly quota.
import type { Request, Response, Router } from 'express';
import { lineError, MESSAGES, validationError, type Problems, type SentMessage } from './errors.ts';
import { answer, requestIdOf, type ApiContext } from './http-kit.ts';
import { newMessageId, newQuoteToken } from './ids.ts';
import { asRecord, type JsonRecord } from './json.ts';
import { usageThisMonth } from './quota.ts';
import { recordBotMessages, type ReplyTokenState } from './store.ts';
import type { BotMessage } from './types.ts';
import { allowLoopbackMedia } from './loopback-media.ts';
import { validateMessages } from './validate-messages.ts';

const RETRY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function mountMessageRoutes(router: Router, ctx: ApiContext): void {
  router.post('/v2/bot/message/reply', (req, res) => reply(ctx, req, res));
  router.post('/v2/bot/message/push', (req, res) => push(ctx, req, res));
}

/** Validated messages, or undefined after answering 400 with every problem found. */
function validMessages(ctx: ApiContext, req: Request, res: Response, body: JsonRecord): BotMessage[] | undefined {
  const found: Problems = [];
  validateMessages(body['messages'], found);
  const problems = allowLoopbackMedia(found, body, ctx.httpMediaOrigin);
  if (problems.length === 0) return body['messages'] as BotMessage[];
  answer(ctx, req, res, 400, validationError(problems));
  return undefined;
}

function reply(ctx: ApiContext, req: Request, res: Response): void {
  const body = asRecord(req.body);
  const messages = validMessages(ctx, req, res, body);
  if (!messages) return;
  const replyToken = typeof body['replyToken'] === 'string' ? body['replyToken'] : '';
  const token = usableReplyToken(ctx, replyToken);
  if (!token) {
    answer(ctx, req, res, 400, lineError(MESSAGES.invalidReplyToken));
    return;
  }
  token.used = true;
  const at = ctx.now();
  const userId = token.userId ?? '';
  ctx.store.replies.push({ at, requestId: requestIdOf(res), replyToken, userId, messages, notificationDisabled: body['notificationDisabled'] === true });
  if (token.userId) recordBotMessages(ctx.store, token.userId, 'reply', messages, at);
  answer(ctx, req, res, 200, { sentMessages: sentMessagesFor(messages) });
}

/** A token is good once, and only within its lifetime; a failed (400) reply does not spend it. */
function usableReplyToken(ctx: ApiContext, replyToken: string): ReplyTokenState | undefined {
  const token = ctx.store.replyTokens.get(replyToken);
  if (!token || token.used) return undefined;
  if (ctx.now().getTime() - token.issuedAtMs >= ctx.replyTokenTtlMs) return undefined;
  return token;
}

function push(ctx: ApiContext, req: Request, res: Response): void {
  const retryKey = req.get('x-line-retry-key');
  if (retryKey !== undefined && !UUID.test(retryKey)) {
    answer(ctx, req, res, 400, lineError(MESSAGES.badRetryKey));
    return;
  }
  if (retryKey !== undefined && answeredAsRepeat(ctx, req, res, retryKey)) return;
  const body = asRecord(req.body);
  const messages = validMessages(ctx, req, res, body);
  if (!messages || !deliverable(ctx, req, res, body['to'])) return;
  deliverPush(ctx, req, res, { to: String(body['to']), messages, retryKey, notificationDisabled: body['notificationDisabled'] === true });
}

/** A retry key seen within 24 hours: 409 pointing at the accepted request, and nothing delivered again. */
function answeredAsRepeat(ctx: ApiContext, req: Request, res: Response, retryKey: string): boolean {
  const accepted = ctx.store.retryKeys.get(retryKey);
  if (!accepted || ctx.now().getTime() - accepted.acceptedAtMs >= RETRY_KEY_TTL_MS) return false;
  answer(ctx, req, res, 409, { message: MESSAGES.retryKeyAccepted, sentMessages: accepted.sentMessages }, {
    'x-line-accepted-request-id': accepted.requestId,
  });
  return true;
}

function deliverable(ctx: ApiContext, req: Request, res: Response, to: unknown): boolean {
  if (typeof to !== 'string' || to.length === 0) {
    answer(ctx, req, res, 400, validationError([{ property: 'to', message: 'must be specified' }]));
    return false;
  }
  if (!ctx.store.users.get(to)?.following) {
    answer(ctx, req, res, 400, lineError(MESSAGES.failedToSend));
    return false;
  }
  if (usageThisMonth(ctx.store.pushes, ctx.now()) >= ctx.monthlyQuota) {
    answer(ctx, req, res, 429, lineError(MESSAGES.monthlyLimit));
    return false;
  }
  return true;
}

interface PushInput {
  readonly to: string;
  readonly messages: BotMessage[];
  readonly retryKey: string | undefined;
  readonly notificationDisabled: boolean;
}

function deliverPush(ctx: ApiContext, req: Request, res: Response, input: PushInput): void {
  const at = ctx.now();
  const requestId = requestIdOf(res);
  const sentMessages = sentMessagesFor(input.messages);
  ctx.store.pushes.push({ at, requestId, ...input });
  if (input.retryKey !== undefined) {
    ctx.store.retryKeys.set(input.retryKey, { acceptedAtMs: at.getTime(), requestId, sentMessages });
  }
  recordBotMessages(ctx.store, input.to, 'push', input.messages, at);
  answer(ctx, req, res, 200, { sentMessages });
}

function sentMessagesFor(messages: readonly BotMessage[]): SentMessage[] {
  return messages.map((message) =>
    message.type === 'text' || message.type === 'textV2' || message.type === 'sticker'
      ? { id: newMessageId(), quoteToken: newQuoteToken() }
      : { id: newMessageId() },
  );
}

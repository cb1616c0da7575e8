// The smaller endpoints: loading animation, quota, profiles and bot info.
import type { Request, Response, Router } from 'express';
import { lineError, MESSAGES, validationError, type Problems } from './errors.ts';
import { answer, type ApiContext } from './http-kit.ts';
import { asRecord } from './json.ts';
import { usageThisMonth } from './quota.ts';

const LOADING_DEFAULT_SECONDS = 20;

export function mountAccountRoutes(router: Router, ctx: ApiContext): void {
  router.post('/v2/bot/chat/loading/start', (req, res) => startLoading(ctx, req, res));
  router.get('/v2/bot/message/quota', (req, res) => answer(ctx, req, res, 200, { type: 'limited', value: ctx.monthlyQuota }));
  router.get('/v2/bot/message/quota/consumption', (req, res) =>
    answer(ctx, req, res, 200, { totalUsage: usageThisMonth(ctx.store.pushes, ctx.now()) }),
  );
  router.get('/v2/bot/profile/:userId', (req, res) => profile(ctx, req, res, req.params.userId));
  router.get('/v2/bot/info', (req, res) => answer(ctx, req, res, 200, botInfo(ctx)));
}

function startLoading(ctx: ApiContext, req: Request, res: Response): void {
  const body = asRecord(req.body);
  const problems: Problems = [];
  const chatId = body['chatId'];
  if (typeof chatId !== 'string' || chatId.length === 0) {
    problems.push({ property: 'chatId', message: 'must be specified' });
  } else if (!chatId.startsWith('U')) {
    // The animation exists only in one-on-one chats; group and room ids are refused.
    problems.push({ property: 'chatId', message: 'must be the user id of a one-on-one chat' });
  }
  const seconds = body['loadingSeconds'] ?? LOADING_DEFAULT_SECONDS;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 5 || seconds > 60 || seconds % 5 !== 0) {
    problems.push({ property: 'loadingSeconds', message: 'must be a multiple of 5 between 5 and 60' });
  }
  if (problems.length > 0 || typeof chatId !== 'string' || typeof seconds !== 'number') {
    answer(ctx, req, res, 400, validationError(problems));
    return;
  }
  ctx.store.loadings.push({ at: ctx.now(), chatId, loadingSeconds: seconds });
  answer(ctx, req, res, 202, {});
}

/** LINE gives a profile only for users who are friends of the account now. */
function profile(ctx: ApiContext, req: Request, res: Response, userId: string): void {
  const user = ctx.store.users.get(userId);
  if (!user?.following) {
    answer(ctx, req, res, 404, lineError(MESSAGES.notFound));
    return;
  }
  answer(ctx, req, res, 200, { userId, ...user.profile });
}

function botInfo(ctx: ApiContext): Record<string, string> {
  return {
    userId: ctx.botUserId,
    basicId: '@000fake',
    displayName: 'Fake LINE bot',
    chatMode: 'bot',
    markAsReadMode: 'auto',
  };
}

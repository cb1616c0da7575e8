// What users sent (photos): served on the data host only, as LINE serves it on api-data.line.me.
import type { Request, Response, Router } from 'express';
import { lineError, MESSAGES } from './errors.ts';
import { answer, answerContent, type ApiContext } from './http-kit.ts';

export function mountContentRoutes(router: Router, ctx: ApiContext): void {
  router.get('/v2/bot/message/:messageId/content', (req, res) => content(ctx, req, res, req.params.messageId));
}

/** Unknown (or never sent) ids get LINE's 404; the bearer check has already refused a bad token with 401. */
function content(ctx: ApiContext, req: Request, res: Response, messageId: string): void {
  const stored = ctx.store.contents.get(messageId);
  if (!stored) {
    answer(ctx, req, res, 404, lineError(MESSAGES.notFound));
    return;
  }
  answerContent(ctx, req, res, stored);
}

// The fake's HTTP face: the Messaging API and the data API on one express app, so a single base URL
// serves both `apiBaseURL` and `dataApiBaseURL` of the SDK.
import express, { type Express } from 'express';
import { mountAccountRoutes } from './account-routes.ts';
import { assignRequestId, bodyErrors, injectFaults, notFound, requireBearer, type ApiContext } from './http-kit.ts';
import { mountMessageRoutes } from './message-routes.ts';
import { mountRichMenuRoutes } from './rich-menu-routes.ts';

const BODY_LIMIT = '10mb';

export function createApiApp(ctx: ApiContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(assignRequestId());
  // Images stay raw bytes (rich menu uploads); everything else the SDK sends is JSON.
  app.use(express.raw({ type: ['image/*', 'application/octet-stream'], limit: BODY_LIMIT }));
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(requireBearer(ctx));
  app.use(injectFaults(ctx));
  const router = express.Router();
  mountMessageRoutes(router, ctx);
  mountAccountRoutes(router, ctx);
  mountRichMenuRoutes(router, ctx);
  app.use(router);
  app.use(notFound(ctx));
  app.use(bodyErrors(ctx));
  return app;
}

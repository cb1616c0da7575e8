// The fake's HTTP faces: the Messaging API (api.line.me) and the data API (api-data.line.me) are two
// hosts at LINE, so they are two apps here, each on its own port: a bot that fetches content from the
// wrong host fails in tests as it would in production.
import express, { type Express, type Router } from 'express';
import { mountAccountRoutes } from './account-routes.ts';
import { mountContentRoutes } from './content-routes.ts';
import { assignRequestId, bodyErrors, injectFaults, notFound, requireBearer, type ApiContext } from './http-kit.ts';
import { mountMessageRoutes } from './message-routes.ts';
import { mountRichMenuImageRoutes, mountRichMenuRoutes } from './rich-menu-routes.ts';

const BODY_LIMIT = '10mb';

export function createApiApp(ctx: ApiContext): Express {
  return createLineApp(ctx, (router) => {
    mountMessageRoutes(router, ctx);
    mountAccountRoutes(router, ctx);
    mountRichMenuRoutes(router, ctx);
    // LINE takes menu images on the data host only; the API host takes them too because the rich menu
    // installer gives the SDK one base URL for both (its menu image is not what these tests are about).
    mountRichMenuImageRoutes(router, ctx);
  });
}

export function createDataApp(ctx: ApiContext): Express {
  return createLineApp(ctx, (router) => {
    mountContentRoutes(router, ctx);
    mountRichMenuImageRoutes(router, ctx);
  });
}

/** What both hosts share: request ids, the bearer check, armed faults and LINE-shaped errors. */
function createLineApp(ctx: ApiContext, mount: (router: Router) => void): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(assignRequestId());
  // Images stay raw bytes (rich menu uploads); everything else the SDK sends is JSON.
  app.use(express.raw({ type: ['image/*', 'application/octet-stream'], limit: BODY_LIMIT }));
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(requireBearer(ctx));
  app.use(injectFaults(ctx));
  const router = express.Router();
  mount(router);
  app.use(router);
  app.use(notFound(ctx));
  app.use(bodyErrors(ctx));
  return app;
}

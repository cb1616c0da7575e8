// Wires the platform's pages and the /__sim inspection endpoint into one express app.
import express from 'express';
import type { ErrorRequestHandler, Express, RequestHandler } from 'express';
import type { SimContext } from './context.ts';
import { sendDocument } from './http.ts';
import { inspectRouter } from './inspect.ts';
import { ROUTES } from './layout/types.ts';
import { blankRouter } from './pages/blank.ts';
import { entryRouter } from './pages/entry.ts';
import { homeRouter } from './pages/home.ts';
import { listRouter } from './pages/list.ts';
import { loginRouter } from './pages/login.ts';
import { menuRouter } from './pages/menu.ts';
import { maintenanceGate, slowdown } from './platform-faults.ts';
import { errors } from './texts.ts';

export const INSPECT_PREFIX = '/__sim';

export function createSimApp(ctx: SimContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(INSPECT_PREFIX, inspectRouter(ctx));
  app.use(slowdown(ctx));
  app.use(express.urlencoded({ extended: false, limit: '200kb' }));
  app.use(maintenanceGate(ctx));
  app.use(homeRouter(ctx));
  app.use(loginRouter(ctx));
  app.use(menuRouter(ctx));
  app.use(blankRouter(ctx));
  app.use(entryRouter(ctx));
  app.use(listRouter(ctx));
  app.use(notFound(ctx));
  app.use(serverError(ctx));
  return app;
}

function notFound(ctx: SimContext): RequestHandler {
  return (_req, res) => {
    const body = ctx.layout.message({
      title: errors.notFound,
      heading: errors.notFound,
      text: null,
      link: { text: errors.backHome, href: ROUTES.home },
    });
    sendDocument(ctx, res, 404, errors.notFound, body);
  };
}

// A bug in the simulator should look like the platform failing, which is what the driver must survive anyway.
function serverError(ctx: SimContext): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    process.stderr.write(`portal simulator: request failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    if (res.headersSent) return;
    const body = ctx.layout.message({ title: errors.serverError, heading: errors.serverError, text: null, link: null });
    sendDocument(ctx, res, 500, errors.serverError, body);
  };
}

import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../log.ts';
import { healthRouter } from '../web/health.ts';

export interface HttpDependencies {
  readonly db: Db;
  readonly log: Logger;
  /** Feature routers (webhook, credential form, …); each parses its own body. */
  readonly routers?: readonly Router[];
}

/**
 * The bot's HTTP surface. No global body parser: the LINE webhook must verify
 * its signature on the raw bytes, so each route parses its own body.
 */
export function createHttpApp({ db, log, routers = [] }: HttpDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(healthRouter(db));
  for (const router of routers) app.use(router);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use(errorHandler(log));
  return app;
}

function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    log.error({ err: error, path: req.path }, 'request failed');
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
  };
}

// The spa layout: the same platform as the server-rendered layouts, rendered in the browser by a
// small script app (client/) from a JSON API, behind an optional bot check.
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Express, RequestHandler } from 'express';
import { inspectRouter } from '../inspect.ts';
import { slowdown } from '../platform-faults.ts';
import { blankApi } from './api-blank.ts';
import { loginApi } from './api-login.ts';
import { createBotCheck } from './bot-check.ts';
import { apiNotFound, maintenanceGate, serverError } from './gates.ts';
import { API_PREFIX, ASSETS_PREFIX } from './routes.ts';
import type { SpaContext } from './settings.ts';
import { sendShell } from './shell.ts';

const INSPECT_PREFIX = '/__sim';
const CLIENT_DIR = fileURLToPath(new URL('./client/', import.meta.url));

export function createSpaApp(ctx: SpaContext): Express {
  const app = express();
  app.disable('x-powered-by');
  const botCheck = createBotCheck(ctx);
  app.use(INSPECT_PREFIX, inspectRouter(ctx));
  app.use(botCheck.verifier);
  app.use(botCheck.gate);
  // The app's own files come as from a CDN: never slowed, never down for maintenance.
  app.use(ASSETS_PREFIX, express.static(CLIENT_DIR, { index: false, fallthrough: false, setHeaders: (res) => res.set('Cache-Control', 'no-cache') }));
  app.use(slowdown(ctx));
  app.use(express.json({ limit: '200kb' }));
  app.use(maintenanceGate(ctx));
  app.use(API_PREFIX, loginApi(ctx), blankApi(ctx), apiNotFound());
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
  app.use(shellForHistoryRoutes(ctx));
  app.use(serverError());
  return app;
}

/** Every other GET is a route of the app: the same shell, and the app decides what to show. */
function shellForHistoryRoutes(ctx: SpaContext): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') sendShell(ctx, req, res);
    else next();
  };
}

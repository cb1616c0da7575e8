// What stands in front of the spa's API and shell: maintenance (503 for both; the shell still
// boots so the app can show the notice it gets from the API), and the last-resort error answers.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { MAINTENANCE_RETRY_AFTER_S, maintenanceNotice } from '../platform-faults.ts';
import { errors } from '../texts.ts';
import { sendError } from './api-http.ts';
import { API, isApiPath } from './routes.ts';
import type { SpaContext } from './settings.ts';
import { sendShell } from './shell.ts';

export function maintenanceGate(ctx: SpaContext): RequestHandler {
  return (req, res, next) => {
    if (!ctx.faults.current().maintenance) return next();
    res.set('Retry-After', String(MAINTENANCE_RETRY_AFTER_S));
    if (!isApiPath(req.path)) return sendShell(ctx, req, res, 503);
    recordLoginDuringMaintenance(ctx, req.path, req.body);
    const notice = maintenanceNotice(ctx);
    sendError(res, 503, { code: 'maintenance', message: notice.heading, detail: notice.text });
  };
}

// The login book shows that a login was tried in the window, as the server-rendered layouts do.
function recordLoginDuringMaintenance(ctx: SpaContext, path: string, body: unknown): void {
  if (path !== API.login || typeof body !== 'object' || body === null) return;
  const { identity, ubn, account } = body as Record<string, unknown>;
  if (identity !== 'business') return;
  ctx.logins.record(ctx.clock.now(), String(ubn ?? '').trim(), String(account ?? '').trim(), 'maintenance');
}

export function apiNotFound(): RequestHandler {
  return (req, res) => sendError(res, 404, { code: 'not-found', message: `no API at ${req.method} ${req.originalUrl}` });
}

// express.json() marks a body it cannot parse, and express.static a missing file, with a 4xx status.
function clientErrorStatus(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

// A bug in the simulator should look like the platform failing, which is what the driver must survive anyway.
export function serverError(): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) return;
    const clientStatus = clientErrorStatus(error);
    if (clientStatus !== null) {
      if (isApiPath(req.path)) sendError(res, clientStatus, { code: 'bad-request', message: 'the request body is not valid JSON' });
      else res.sendStatus(clientStatus);
      return;
    }
    process.stderr.write(`portal simulator (spa): request failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    if (isApiPath(req.path)) sendError(res, 500, { code: 'server', message: errors.serverError });
    else res.status(500).type('text').send(errors.serverError);
  };
}

import { Router } from 'express';
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';

/** GET /healthz: 200 when the process is up and the database answers, 503 otherwise. */
export function healthRouter(db: Db): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await sql`select 1`.execute(db);
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', reason: 'database did not answer' });
    }
  });
  return router;
}

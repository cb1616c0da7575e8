import { validateSignature } from '@line/bot-sdk';
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../log.ts';
import { InboxWriter } from './inbox.ts';
import { parseDelivery } from './webhook-events.ts';

export interface WebhookOptions {
  readonly db: Db;
  readonly channelSecret: string;
  readonly log: Logger;
  readonly clock: Clock;
  /** Called after new events are stored and the answer is sent: processing happens then. */
  readonly onStored: () => void;
}

export const WEBHOOK_BODY_LIMIT = '1mb';

/**
 * POST /webhook: check the signature on the raw bytes, store every event in the
 * inbox keyed by webhookEventId, answer 200. Nothing is processed before the answer.
 */
export function webhookRouter(options: WebhookOptions): Router {
  const router = Router();
  router.post('/webhook', express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), receive(options), bodyErrors(options.log));
  return router;
}

function receive({ db, channelSecret, log, clock, onStored }: WebhookOptions): RequestHandler {
  const inbox = new InboxWriter(db);
  return async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = req.get('x-line-signature');
    if (!signature || !validateSignature(raw, channelSecret, signature)) {
      log.warn({ hasSignature: Boolean(signature) }, 'webhook signature mismatch: check LINE_CHANNEL_SECRET');
      res.status(401).json({ error: 'invalid signature' });
      return;
    }
    const delivery = parseDelivery(parseJson(raw));
    if (!delivery) {
      res.status(400).json({ error: 'body is not a LINE webhook delivery' });
      return;
    }
    const stored = await inbox.store(delivery.events, clock.now());
    res.status(200).json({ received: delivery.events.length, stored });
    if (stored > 0) onStored();
  };
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

function bodyErrors(log: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    const status = (error as { status?: number }).status;
    if (status === 413) {
      res.status(413).json({ error: `body larger than ${WEBHOOK_BODY_LIMIT}` });
      return;
    }
    if (status === 400) {
      res.status(400).json({ error: 'unreadable body' });
      return;
    }
    log.error({ err: error }, 'webhook failed');
    next(error);
  };
}

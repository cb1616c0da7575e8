// The outbox as production wires it (real SQLite, the LINE client over real HTTP to the fake LINE
// platform, the full-list pages served over HTTP) without the conversation: the tests queue what a
// flow would queue and watch what LINE receives.
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { AdjustableClock } from '../../src/clock.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { createLineApi } from '../../src/line/line-api.ts';
import { enqueueMessages, OutboxSender, REPLY_TOKEN_LIFETIME_MS } from '../../src/line/outbox.ts';
import type { LineMessage } from '../../src/line/line-api.ts';
import { createFakeLinePlatform, type FakeLinePlatform } from '../../src/sim/line/index.ts';
import { fullListsRouter } from '../../src/web/full-lists.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { capturingLogger } from '../support/log.ts';

export interface OutboxHarness {
  readonly fake: FakeLinePlatform;
  readonly database: TestDatabase;
  readonly clock: AdjustableClock;
  readonly outbox: OutboxSender;
  readonly channelAccessToken: string;
  /** Where the bot's pages are served (its PUBLIC_BASE_URL). */
  readonly url: string;
  logs(): string;
  /** The owner sends a message; resolves with the reply token of that event. */
  replyToken(lineUserId: string): Promise<string>;
  /** Queues messages as a conversation step answering with this token would. */
  queueReply(lineUserId: string, replyToken: string, messages: readonly LineMessage[], purpose?: string): Promise<string>;
  /** Queues messages as a job's push would (urgent unless said otherwise, as a reminder is not). */
  queuePush(lineUserId: string, messages: readonly LineMessage[], purpose?: string, options?: { readonly urgent?: boolean }): Promise<string>;
  stop(): Promise<void>;
}

export async function startOutboxHarness(): Promise<OutboxHarness> {
  const channelAccessToken = `test-token-${randomBytes(8).toString('hex')}`;
  // One clock for the bot's side and LINE's, as in production: reply tokens lapse when LINE says so.
  const clock = new AdjustableClock();
  const fake = createFakeLinePlatform({ channelSecret: randomBytes(16).toString('hex'), channelAccessToken, now: () => clock.now() });
  const lineServer = await fake.listen(0);
  const database = await createTestDatabase();
  const { log, text: logs } = capturingLogger();
  // The webhook only needs answering here: nothing processes the owner's messages but the test.
  const webhook = express.Router().post('/webhook', (_req, res) => res.status(200).end());
  const app = createHttpApp({ db: database.db, log, routers: [webhook, fullListsRouter(database.db, clock)] });
  const server = await new Promise<Server>((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.setWebhookUrl(`${url}/webhook`);
  const line = createLineApi({ channelAccessToken, apiBaseUrl: lineServer.url, log, baseDelayMs: 5 });
  const outbox = new OutboxSender({ db: database.db, line, clock, log, pushBudget: 200, publicBaseUrl: url });
  // Each queued answer a millisecond after the last, as separate steps are: the outbox keeps an owner's
  // messages in the order of their creation time.
  const queue = (lineUserId: string, messages: readonly LineMessage[], purpose: string, replyToken?: string, urgent = true) => {
    clock.advance(1);
    const expiresAt = new Date(clock.now().getTime() + REPLY_TOKEN_LIFETIME_MS);
    const reply = replyToken ? { replyToken, replyTokenExpiresAt: expiresAt } : {};
    return enqueueMessages(database.db, { lineUserId, messages, purpose, urgent, ...reply }, clock.now());
  };
  return {
    fake,
    database,
    clock,
    outbox,
    channelAccessToken,
    url,
    logs,
    async replyToken(lineUserId) {
      const delivery = await fake.sendText(lineUserId, '狀態');
      const event = delivery.events[0];
      if (!event || !('replyToken' in event) || typeof event.replyToken !== 'string') throw new Error('the fake sent no reply token');
      return event.replyToken;
    },
    queueReply: (lineUserId, replyToken, messages, purpose = 'conversation:test') => queue(lineUserId, messages, purpose, replyToken),
    queuePush: (lineUserId, messages, purpose = 'result:test', options = {}) => queue(lineUserId, messages, purpose, undefined, options.urgent ?? true),
    async stop() {
      await outbox.idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await lineServer.close();
      await database.dispose();
    },
  };
}

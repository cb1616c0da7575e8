import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { middleware } from '@line/bot-sdk';
import express from 'express';
import { createBot, type Bot } from '../src/bot.ts';
import { addressUrl, closeServer as closeHttpServer, listen } from '../src/http/server.ts';
import { systemClock } from '../src/clock.ts';
import { createLineApi } from '../src/line/line-api.ts';
import { createLogger } from '../src/log.ts';
import { createFakeLinePlatform, type FakeLinePlatform } from '../src/sim/line/index.ts';
import { singleKeyRing } from '../src/vault/key-ring.ts';
import { createVault } from '../src/vault/vault.ts';
import { createTestDatabase, type TestDatabase } from '../test/support/db.ts';

export interface BenchBot {
  readonly bot: Bot;
  readonly fake: FakeLinePlatform;
  readonly database: TestDatabase;
  /** The bot's base URL; LINE posts to `${url}/webhook`. */
  readonly url: string;
  readonly channelSecret: string;
  stop(): Promise<void>;
}

/**
 * The production bot as `npm start` wires it — real SQLite file, real HTTP, the real
 * LINE client — talking to the fake LINE platform, with logs off so they cost nothing.
 * Unlike the test harness the clock is the system's and pushes are not capped: load, not
 * behaviour, is under study.
 */
export async function startBenchBot(): Promise<BenchBot> {
  const channelSecret = randomBytes(16).toString('hex');
  const channelAccessToken = `bench-token-${randomBytes(8).toString('hex')}`;
  const fake = createFakeLinePlatform({ channelSecret, channelAccessToken, monthlyQuota: 10_000_000 });
  const lineServer = await fake.listen(0);
  const served = await serveBot({ lineUrl: lineServer.url, channelSecret, channelAccessToken });
  fake.setWebhookUrl(`${served.url}/webhook`);
  return {
    ...served,
    fake,
    async stop() {
      await served.stop();
      await lineServer.close();
    },
  };
}

export type ServedBot = Omit<BenchBot, 'fake'>;

/** The bot on a real SQLite file and its own HTTP server, talking to the LINE platform at `lineUrl`. */
export async function serveBot(line: { lineUrl: string; channelSecret: string; channelAccessToken: string }): Promise<ServedBot> {
  const database = await createTestDatabase();
  const log = createLogger('silent');
  const server = createServer();
  const url = addressUrl(await listen(server, 0, '127.0.0.1'));
  const bot = createBot({
    db: database.db,
    log,
    clock: systemClock,
    vault: createVault(singleKeyRing(randomBytes(32))),
    line: createLineApi({ channelAccessToken: line.channelAccessToken, apiBaseUrl: line.lineUrl, log }),
    channelSecret: line.channelSecret,
    publicBaseUrl: url,
    pushBudget: 10_000_000,
  });
  server.on('request', bot.app);
  return {
    bot,
    database,
    url,
    channelSecret: line.channelSecret,
    async stop() {
      await bot.stop();
      await closeServer(server);
      await database.dispose();
    },
  };
}

/** Benches end their servers at once: nothing in flight is worth waiting for. */
export const closeServer = (server: Server) => closeHttpServer(server, { streams: 'end' });

/**
 * A webhook endpoint that does nothing but `@line/bot-sdk`'s signature check and a 200: what loopback
 * HTTP and the load generator cost, to compare the bot with.
 */
export async function startBareEndpoint(channelSecret: string): Promise<{ readonly webhookUrl: string; close(): Promise<void> }> {
  const app = express();
  app.post('/webhook', middleware({ channelSecret }), (_req, res) => {
    res.sendStatus(200);
  });
  const server = createServer(app);
  const base = addressUrl(await listen(server, 0, '127.0.0.1'));
  return { webhookUrl: `${base}/webhook`, close: () => closeServer(server) };
}

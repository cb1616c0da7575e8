import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBot, type Bot } from '../../src/bot.ts';
import { AdjustableClock } from '../../src/clock.ts';
import { createLineApi } from '../../src/line/line-api.ts';
import type { PhotoReader } from '../../src/ocr/types.ts';
import { actionsOf, createFakeLinePlatform, textOf, type BotMessage, type FakeLinePlatform } from '../../src/sim/line/index.ts';
import { singleKeyRing } from '../../src/vault/key-ring.ts';
import { createVault, type Vault } from '../../src/vault/vault.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { capturingLogger } from './log.ts';

export interface TestBot {
  readonly fake: FakeLinePlatform;
  readonly database: TestDatabase;
  readonly clock: AdjustableClock;
  readonly vault: Vault;
  readonly url: string;
  readonly channelSecret: string;
  readonly channelAccessToken: string;
  readonly publicBaseUrl: string;
  /** Maps a link the bot gave out (under publicBaseUrl) to where this test reaches it. */
  localUrl(link: string): string;
  /** Where the bot reaches the fake LINE platform. */
  readonly lineApiUrl: string;
  /** Where the bot fetches what users sent (the fake's data API, another host as at LINE). */
  readonly lineDataApiUrl: string;
  bot: Bot;
  logs(): string;
  /** The owner types text; resolves with every bot message that answered it. */
  say(userId: string, text: string): Promise<BotMessage[]>;
  /** The owner taps the button or quick reply with this label on the latest card that has it. */
  tap(userId: string, label: string): Promise<BotMessage[]>;
  follow(userId: string): Promise<BotMessage[]>;
  /** Stops the bot (as a crash or deploy would) and starts a new one on the same database. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The production bot wired to a fake LINE platform over real HTTP, a real SQLite
 * file and a clock the test can move.
 */
export interface TestBotOptions {
  /**
   * The address owners and LINE are told (as behind an https proxy); defaults to the
   * local http address. Links under it are reached through `localUrl()`.
   */
  readonly publicBaseUrl?: string;
  /** Reads photos of the POS screen; without one the bot answers a photo with how to type the numbers. The test closes it. */
  readonly photoReader?: PhotoReader;
}

export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const channelSecret = randomBytes(16).toString('hex');
  const channelAccessToken = `test-token-${randomBytes(8).toString('hex')}`;
  // LINE and the bot read one clock, as they share real time in production: a test that moves the
  // bot's clock by hours moves LINE's too, so a reply token is refused when LINE would refuse it.
  const clock = new AdjustableClock();
  const fake = createFakeLinePlatform({ channelSecret, channelAccessToken, now: () => clock.now() });
  const lineServer = await fake.listen(0);
  const database = await createTestDatabase();
  const vault = createVault(singleKeyRing(randomBytes(32)));
  const { log, text: logText } = capturingLogger();
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.setWebhookUrl(`${url}/webhook`);

  const makeBot = () =>
    createBot({
      db: database.db,
      log,
      clock,
      vault,
      line: createLineApi({ channelAccessToken, apiBaseUrl: lineServer.url, dataApiBaseUrl: lineServer.dataUrl, log, baseDelayMs: 10 }),
      channelSecret,
      publicBaseUrl: options.publicBaseUrl ?? url,
      pushBudget: 200,
      sweepIntervalMs: 100,
      ...(options.photoReader ? { photoReader: options.photoReader } : {}),
    });
  const harness: TestBot = {
    fake,
    database,
    clock,
    vault,
    url,
    channelSecret,
    channelAccessToken,
    publicBaseUrl: options.publicBaseUrl ?? url,
    localUrl: (link) => (options.publicBaseUrl && link.startsWith(options.publicBaseUrl) ? url + link.slice(options.publicBaseUrl.length) : link),
    lineApiUrl: lineServer.url,
    lineDataApiUrl: lineServer.dataUrl,
    bot: makeBot(),
    logs: logText,
    say: (userId, text) => answered(harness, userId, () => fake.sendText(userId, text)),
    tap: (userId, label) => answered(harness, userId, () => fake.tap(userId, label)),
    follow: (userId) => answered(harness, userId, () => fake.follow(userId)),
    async restart() {
      await harness.bot.stop();
      server.removeAllListeners('request');
      harness.bot = makeBot();
      server.on('request', harness.bot.app);
    },
    async stop() {
      if (process.env.PRINT_BOT_LOGS) process.stderr.write(logText());
      await harness.bot.stop();
      await closeServer(server);
      await lineServer.close();
      await database.dispose();
    },
  };
  server.on('request', harness.bot.app);
  return harness;
}

async function answered(harness: TestBot, userId: string, act: () => Promise<unknown>): Promise<BotMessage[]> {
  const since = harness.fake.mark(userId);
  await act();
  await harness.bot.settle();
  return harness.fake.waitForMessages(userId, 1, { since, timeoutMs: 5000 });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** All the text of the messages, Flex included, for assertions. */
export function allText(messages: readonly BotMessage[]): string {
  return messages.map((message) => textOf(message)).join('\n');
}

/** Labels of the quick replies and buttons the owner can tap on these messages. */
export function labelsOf(messages: readonly BotMessage[]): string[] {
  return messages.flatMap((message) => actionsOf(message).map((action) => action.label));
}

export { textOf, actionsOf };

/** The owner adds the bot and sets up a store through the chat (統編 → 不是分店 → 一般稅額計算 → name); resolves with the last answer. */
export async function registerInChat(t: TestBot, user: string, name = '小林咖啡', ubn = '04595257'): Promise<BotMessage[]> {
  await t.follow(user);
  await t.tap(user, '設定我的商店');
  await t.say(user, ubn);
  await t.tap(user, '不是');
  await t.tap(user, '一般稅額計算');
  return t.say(user, name);
}

/** Registered, then at the ranges step of 115年9-10月. */
export async function atRangesInChat(t: TestBot, user: string): Promise<void> {
  await registerInChat(t, user);
  await t.tap(user, '上傳空白發票');
  await t.tap(user, '115年9-10月');
}

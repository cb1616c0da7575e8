// Exactly-once answers through crashes: the real bot (`src/main.ts`, a child process on a SQLite file)
// against the fake LINE platform in this process, over HTTP on 127.0.0.1. Thirty owners keep typing
// 說明 and 狀態 (each always gets exactly one answer) while the bot is SIGKILLed again and again —
// at random moments, and right while LINE holds the answer to a reply it has already shown or a push
// it has already delivered. LINE behaves as with "Webhook redelivery" on: what the bot did not
// acknowledge comes again with isRedelivery and the same webhookEventId. At the end every acknowledged
// event is answered exactly once (a reply or a push, counted at LINE), and no push repeats a reply.
//
// The kill schedule and the traffic come from a seed (printed; CRASH_SEED=<n> runs one again). The
// exact moments still depend on the machine, so a failure names the seed and the events it concerns.
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { createFakeLinePlatform, type FakeLinePlatform, type ListeningPlatform, type WebhookDelivery } from '../../src/sim/line/index.ts';
import { freePort, startScript, type StartedProcess } from '../support/process.ts';
import { mulberry32 } from '../support/seeded.ts';

const OWNERS = 30;
/** Each kind of kill, in an order the seed shuffles. */
const KILLS = ['anytime', 'anytime', 'anytime', 'reply-shown', 'reply-shown', 'push-delivered', 'push-delivered'] as const;
type Kill = (typeof KILLS)[number];
/** How long LINE holds its answer to a call it already acted on, when a kill is aimed at that moment. */
const HELD_ANSWER_MS = 600;

const seed = Number(process.env.CRASH_SEED ?? randomInt(2 ** 31));
const random = mulberry32(seed);
const between = (low: number, high: number) => low + random() * (high - low);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const folder = mkdtempSync(join(tmpdir(), 'crash-exactly-once-'));
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  rmSync(folder, { recursive: true, force: true });
});

test('every acknowledged event is answered exactly once while the bot is killed again and again', { timeout: 120_000 }, async (t) => {
  t.diagnostic(`seed ${seed} (CRASH_SEED=${seed} runs this schedule again)`);
  const began = Date.now();
  const channelSecret = randomBytes(16).toString('hex');
  const channelAccessToken = randomBytes(24).toString('base64url');
  const fake = createFakeLinePlatform({
    channelSecret,
    channelAccessToken,
    monthlyQuota: 100_000,
    webhookTimeoutMs: 2000,
    webhookRedelivery: { intervalMs: 250 },
  });
  const line = await fake.listen(0);
  cleanups.push(() => line.close());
  const bot = new BotProcess({ channelSecret, channelAccessToken, line, port: await freePort(), databasePath: join(folder, 'bot.db') });
  cleanups.push(() => bot.stop());
  fake.setWebhookUrl(`${bot.url}/webhook`);

  const owners = Array.from({ length: OWNERS }, (_, i) => `U${(0xc0ffee00 + i).toString(16).padStart(32, '0')}`);
  const deliveries: WebhookDelivery[] = [];
  await bot.start();
  for (const owner of owners) deliveries.push(await fake.follow(owner));

  const traffic = { running: true };
  const typing = owners.map((owner) => keepTyping(fake, owner, deliveries, traffic));
  const kills: Kill[] = shuffle([...KILLS]);
  const aimed = { 'reply-shown': 0, 'push-delivered': 0 };
  for (const kill of kills) {
    await sleep(between(1200, 2500));
    await killAt(kill, fake, bot, aimed);
    await sleep(between(100, 900)); // down: deliveries are refused, and LINE will redeliver them
    await bot.start();
  }
  traffic.running = false;
  await Promise.all(typing);
  await settle(fake, bot, folder);
  await bot.stop();

  const facts = collectFacts(fake, deliveries, join(folder, 'bot.db'));
  t.diagnostic(
    `events ${facts.events} (${facts.redelivered} delivered again after a failed attempt), acknowledged ${facts.acknowledged}, ` +
      `kills ${kills.length} (${kills.join(', ')}; hit a held answer: ${aimed['reply-shown']} replies, ${aimed['push-delivered']} pushes), ` +
      `answers ${facts.replies + facts.pushes} (${facts.replies} replies, ${facts.pushes} pushes), ` +
      `assumed delivered ${facts.assumed}, pushes confirmed by 409 ${facts.confirmedBy409}, ${Math.round((Date.now() - began) / 1000)} s`,
  );
  const failing = (what: string) => `${what} (seed ${seed}; CRASH_SEED=${seed} to run it again)`;
  assert.equal(facts.unacknowledged.length, 0, failing(`events LINE could not deliver: ${facts.unacknowledged.join(', ')}`));
  assert.deepEqual(facts.wrongEvents, [], failing('events not answered exactly once (event: outbox rows, replies, pushes)'));
  assert.deepEqual(facts.wrongOwners, [], failing('owners whose answers at LINE differ from their acknowledged events'));
  assert.deepEqual(facts.pushesRepeatingReplies, [], failing('pushes that repeat a reply'));
  assert.equal(facts.pushLogRows, facts.pushes, failing('push_log rows: one per push LINE accepted'));
  assert.equal(facts.pushLogKeys, facts.pushLogRows, failing('a push logged twice'));
  assert.ok(aimed['reply-shown'] + aimed['push-delivered'] >= 2, failing('too few kills hit an answer LINE was holding'));
  assert.ok(facts.assumed >= aimed['reply-shown'], failing('a reply shown before a kill is settled as assumed delivered'));
  assert.ok(facts.confirmedBy409 >= aimed['push-delivered'], failing('a push delivered before a kill is confirmed by 409'));
});

/** One owner typing 說明 or 狀態 every so often, as LINE delivers them (failed deliveries come again by themselves). */
async function keepTyping(fake: FakeLinePlatform, owner: string, deliveries: WebhookDelivery[], traffic: { running: boolean }): Promise<void> {
  await sleep(between(0, 800));
  while (traffic.running) {
    deliveries.push(await fake.sendText(owner, random() < 0.5 ? '說明' : '狀態'));
    await sleep(between(300, 1400));
  }
}

/**
 * Kills the bot. "reply-shown": LINE shows the next reply at once but holds its answer, and the bot is
 * killed while waiting for it — the reply is on the phone, the row not marked. "push-delivered": the
 * same for a push (a reply LINE refuses as expired makes the bot push).
 */
async function killAt(kill: Kill, fake: FakeLinePlatform, bot: BotProcess, aimed: Record<Exclude<Kill, 'anytime'>, number>): Promise<void> {
  if (kill !== 'anytime') {
    const path = kill === 'reply-shown' ? '/v2/bot/message/reply' : '/v2/bot/message/push';
    if (kill === 'push-delivered') fake.failNext('/v2/bot/message/reply', 400, 1, { body: { message: 'Invalid reply token' } });
    fake.delayNext(path, HELD_ANSWER_MS, 1, { afterProcessing: true });
    const seen = (kill === 'reply-shown' ? fake.replies() : fake.pushes()).length;
    const deadline = Date.now() + 4000;
    while ((kill === 'reply-shown' ? fake.replies() : fake.pushes()).length === seen && Date.now() < deadline) await sleep(5);
    if (Date.now() < deadline) {
      aimed[kill] += 1;
      await sleep(between(50, HELD_ANSWER_MS / 2));
    }
  }
  await bot.kill();
}

/** With the bot up for good: LINE redelivers what is left, and the bot answers everything it holds. */
async function settle(fake: FakeLinePlatform, bot: BotProcess, dir: string): Promise<void> {
  const database = new SqliteDatabase(join(dir, 'bot.db'), { readonly: true, fileMustExist: true });
  try {
    const deadline = Date.now() + 25_000;
    for (;;) {
      await fake.redeliverFailed();
      const open = database
        .prepare(`select (select count(*) from webhook_inbox where status = 'pending') + (select count(*) from outbox where status in ('pending', 'sending')) as n`)
        .get() as { n: number };
      if (fake.waitingRedeliveries() === 0 && open.n === 0) return;
      if (Date.now() > deadline) throw new Error(`still open after the end (seed ${seed}): ${open.n} events or messages, ${fake.waitingRedeliveries()} deliveries\n${bot.output().slice(-4000)}`);
      await sleep(200);
    }
  } finally {
    database.close();
  }
}

interface Facts {
  readonly events: number;
  readonly redelivered: number;
  readonly acknowledged: number;
  readonly unacknowledged: string[];
  readonly replies: number;
  readonly pushes: number;
  readonly assumed: number;
  readonly confirmedBy409: number;
  readonly wrongEvents: string[];
  readonly wrongOwners: string[];
  readonly pushesRepeatingReplies: string[];
  readonly pushLogRows: number;
  readonly pushLogKeys: number;
}

/** What LINE saw and what the bot's database says, event by event. */
function collectFacts(fake: FakeLinePlatform, deliveries: readonly WebhookDelivery[], databasePath: string): Facts {
  const events = deliveries.flatMap((delivery) => delivery.events);
  const attempts = fake.webhookAttempts();
  const acknowledged = new Set(attempts.filter((attempt) => attempt.status === 200).flatMap((attempt) => attempt.webhookEventIds));
  const redelivered = new Set(attempts.filter((attempt) => attempt.redelivery).flatMap((attempt) => attempt.webhookEventIds));
  const replies = fake.replies();
  const pushes = fake.pushes();
  const database = new SqliteDatabase(databasePath, { readonly: true, fileMustExist: true });
  try {
    const rows = database.prepare('select reply_token, retry_key, status from outbox').all() as { reply_token: string | null; retry_key: string; status: string }[];
    const rowsByToken = groupBy(rows, (row) => row.reply_token ?? '');
    const rowByKey = new Map(rows.map((row) => [row.retry_key, row]));
    const wrongEvents: string[] = [];
    const answersPerOwner = new Map<string, number>();
    const eventsPerOwner = new Map<string, number>();
    for (const event of events) {
      if (!acknowledged.has(event.webhookEventId)) continue;
      const owner = event.source?.userId ?? '';
      eventsPerOwner.set(owner, (eventsPerOwner.get(owner) ?? 0) + 1);
      const token = 'replyToken' in event && typeof event.replyToken === 'string' ? event.replyToken : '';
      const answers = rowsByToken.get(token) ?? [];
      const replied = replies.filter((reply) => reply.replyToken === token).length;
      const pushed = pushes.filter((push) => answers.some((row) => row.retry_key === push.retryKey)).length;
      if (answers.length !== 1 || replied + pushed !== 1) wrongEvents.push(`${event.webhookEventId}: ${answers.length} rows, ${replied} replies, ${pushed} pushes`);
    }
    for (const answer of [...replies.map((reply) => reply.userId), ...pushes.map((push) => push.to)]) answersPerOwner.set(answer, (answersPerOwner.get(answer) ?? 0) + 1);
    const wrongOwners = [...new Set([...eventsPerOwner.keys(), ...answersPerOwner.keys()])]
      .filter((owner) => (eventsPerOwner.get(owner) ?? 0) !== (answersPerOwner.get(owner) ?? 0))
      .map((owner) => `${owner}: ${eventsPerOwner.get(owner) ?? 0} events, ${answersPerOwner.get(owner) ?? 0} answers`);
    const repliedTokens = new Set(replies.map((reply) => reply.replyToken));
    const pushesRepeatingReplies = pushes
      .filter((push) => {
        const token = rowByKey.get(push.retryKey ?? '')?.reply_token;
        return token !== null && token !== undefined && repliedTokens.has(token);
      })
      .map((push) => `${push.to} ${push.retryKey ?? ''}`);
    const pushLog = database.prepare('select count(*) as n, count(distinct retry_key) as keys from push_log').get() as { n: number; keys: number };
    return {
      events: events.length,
      redelivered: redelivered.size,
      acknowledged: acknowledged.size,
      unacknowledged: events.filter((event) => !acknowledged.has(event.webhookEventId)).map((event) => event.webhookEventId),
      replies: replies.length,
      pushes: pushes.length,
      assumed: rows.filter((row) => row.status === 'assumed_sent').length,
      confirmedBy409: fake.calls().filter((call) => call.path === '/v2/bot/message/push' && call.status === 409).length,
      wrongEvents,
      wrongOwners,
      pushesRepeatingReplies,
      pushLogRows: pushLog.n,
      pushLogKeys: pushLog.keys,
    };
  } finally {
    database.close();
  }
}

/** `npm start` with a LINE channel pointed at the fake, on one port and one database file across restarts. */
class BotProcess {
  #process: StartedProcess | undefined;
  #outputs: string[] = [];
  readonly #credentialsKey = randomBytes(32).toString('base64');

  constructor(private readonly setup: { channelSecret: string; channelAccessToken: string; line: ListeningPlatform; port: number; databasePath: string }) {}

  get url(): string {
    return `http://127.0.0.1:${this.setup.port}`;
  }

  async start(): Promise<void> {
    const started = startScript('src/main.ts', {
      cwd: folder,
      env: {
        PORT: String(this.setup.port),
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${this.setup.databasePath}`,
        LINE_CHANNEL_SECRET: this.setup.channelSecret,
        LINE_CHANNEL_ACCESS_TOKEN: this.setup.channelAccessToken,
        LINE_API_BASE_URL: this.setup.line.url,
        CREDENTIALS_KEY: this.#credentialsKey,
        RUN_WORKER: 'false',
        LOG_LEVEL: 'info',
      },
    });
    this.#process = started;
    await started.waitForLog('listening', 20_000);
  }

  async kill(): Promise<void> {
    const running = this.#process;
    if (!running) return;
    running.child.kill('SIGKILL');
    await running.exited;
    this.#outputs.push(running.output());
    this.#process = undefined;
  }

  async stop(): Promise<void> {
    const running = this.#process;
    if (!running) return;
    await running.stop();
    this.#outputs.push(running.output());
    this.#process = undefined;
  }

  output(): string {
    return [...this.#outputs, this.#process?.output() ?? ''].join('\n--- restart ---\n');
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}


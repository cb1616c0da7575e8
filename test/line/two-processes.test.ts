// Two bot processes on one database: the real bot (`src/main.ts`) started twice, both processing
// events, on one database (PostgreSQL when TEST_DATABASE=postgres, else one SQLite file). Between the
// fake LINE platform and the bots a relay in this test hands each owner's deliveries alternately to
// bot A and bot B, and makes redeliveries on top: some deliveries go to BOTH bots (at once or a little
// later), and some are forwarded and then answered 500, so LINE delivers them again (to the other bot,
// as the relay alternates). Twenty owners each follow and then type 說明 / 狀態 in turn, the next message
// soon after a bot stored the previous one (not after its answer), so one owner's events are in both
// processes at once. At the end every event is answered exactly once, by one reply with its own token,
// and each owner's answers reached LINE in the order of their events.
//
// A second relay sits in front of the fake's API for each bot, to tell which process sent each reply.
// The choices come from a seed (printed; TWO_PROCESSES_SEED=<n> makes the same choices again, though
// the timing, and so which event meets which choice, still depends on the machine).
// TWO_PROCESSES_LOGS=<folder> keeps the two bots' logs there (bot-A.log, bot-B.log) and each event's
// moments (timeline.tsv: sent, stored by a bot, answered at LINE).
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createFakeLinePlatform, type FakeLinePlatform, type WebhookEvent } from '../../src/sim/line/index.ts';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.ts';
import { startScript, type StartedProcess } from '../support/process.ts';
import { mulberry32 } from '../support/seeded.ts';

const OWNERS = 20;
/** Texts after the follow; each has exactly one answer. */
const MESSAGES_PER_OWNER = 8;
/** From the start until every event is answered, at most (the test's timeout is 60 s). */
const SETTLED_WITHIN_MS = 45_000;
const BOTS = ['A', 'B'] as const;
type BotName = (typeof BOTS)[number];
/** What the relay does with one delivery from LINE. */
type Mode = 'one' | 'both' | 'lost-ack';

const seed = Number(process.env.TWO_PROCESSES_SEED ?? randomInt(2 ** 31));
const random = mulberry32(seed);
const between = (low: number, high: number) => low + random() * (high - low);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const folder = mkdtempSync(join(tmpdir(), 'two-processes-'));
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  rmSync(folder, { recursive: true, force: true });
});

test('two bot processes on one database answer every event once and in order', { timeout: 60_000 }, async (t) => {
  t.diagnostic(`seed ${seed} (TWO_PROCESSES_SEED=${seed} makes the same choices again), database ${testDatabaseKind()}`);
  const began = Date.now();
  const database = await createTestDatabase();
  cleanups.push(() => database.dispose());
  const channelSecret = randomBytes(16).toString('hex');
  const channelAccessToken = randomBytes(24).toString('base64url');
  const fake = createFakeLinePlatform({
    channelSecret,
    channelAccessToken,
    monthlyQuota: 100_000,
    webhookTimeoutMs: 5000,
    webhookRedelivery: { intervalMs: 250 },
  });
  const line = await fake.listen(0);
  cleanups.push(() => line.close());

  // Each bot talks to LINE through its own relay, which notes the reply tokens it used.
  const repliedBy = new Map<string, BotName[]>();
  const apiRelays = await Promise.all(BOTS.map((name) => startApiRelay(line.url, name, repliedBy)));
  for (const relay of apiRelays) cleanups.push(() => relay.close());
  const credentialsKey = randomBytes(32).toString('base64');
  const bots = await Promise.all(
    BOTS.map((name, i) => startBot(name, { channelSecret, channelAccessToken, lineApiUrl: apiRelays[i]?.url ?? '', databaseUrl: database.url, credentialsKey })),
  );
  for (const bot of bots) {
    cleanups.push(async () => {
      await stopBot(bot);
      const logs = process.env.TWO_PROCESSES_LOGS;
      if (logs) writeFileSync(join(logs, `bot-${bot.name}.log`), bot.process.output());
    });
  }

  const relay = await startWebhookRelay(fake, bots);
  cleanups.push(() => relay.close());
  fake.setWebhookUrl(`${relay.url}/webhook`);

  const owners = Array.from({ length: OWNERS }, (_, i) => `U${(0x2b0750 + i).toString(16).padStart(32, '0')}`);
  const eventsOf = new Map<string, WebhookEvent[]>(owners.map((owner) => [owner, []]));
  relay.watch(eventsOf);
  await Promise.all(owners.map((owner) => talk(fake, relay, owner, eventsOf.get(owner) ?? [], began + SETTLED_WITHIN_MS)));
  const trafficEnded = Date.now();
  await settle(fake, database, relay, eventsOf, bots, began + SETTLED_WITHIN_MS);
  const settled = Date.now();
  await sleep(500); // time for a second answer to one event, if the bots were to make one
  await Promise.all(bots.map(stopBot));

  const facts = await collectFacts(fake, database, eventsOf, repliedBy);
  const logs = process.env.TWO_PROCESSES_LOGS;
  if (logs) await writeTimeline(join(logs, 'timeline.tsv'), fake, database, eventsOf, relay);
  const stats = relay.stats;
  t.diagnostic(
    `events ${facts.events} from ${OWNERS} owners; deliveries from LINE ${stats.deliveries} (${facts.redeliveryAttempts} of them redeliveries): ` +
      `${stats.modes.one} to one bot, ${stats.modes.both} to both bots, ${stats.modes['lost-ack']} answered 500 after the bot stored them; ` +
      `first copies to A ${stats.to.A}, to B ${stats.to.B}; owners whose events went to both bots ${facts.ownersDeliveredToBoth(relay)}; ` +
      `events delivered while the owner's previous event, at the other bot, was still unanswered ${stats.overlaps}; ` +
      `replies ${facts.replies} (by A ${facts.repliesBy.A}, by B ${facts.repliesBy.B}; owners answered by both ${facts.ownersAnsweredByBoth}), pushes ${facts.pushes}, refused reply calls ${facts.refusedReplies}; ` +
      `event to answer: median ${facts.answerWaits.median} ms, max ${facts.answerWaits.max} ms, ${facts.answerWaits.overSecond} over 1 s; ` +
      `traffic ${((trafficEnded - began) / 1000).toFixed(1)} s, all answered after ${((settled - began) / 1000).toFixed(1)} s`,
  );
  const failing = (what: string) => `${what} (seed ${seed}; TWO_PROCESSES_SEED=${seed} to choose the same again)`;
  assert.deepEqual(facts.notDone, [], failing('inbox events not processed, or not stored'));
  assert.deepEqual(facts.wrongEvents, [], failing('events not answered exactly once (event: answers LINE accepted, outbox rows)'));
  assert.deepEqual(facts.outOfOrder, [], failing("owners whose answers reached LINE out of their events' order (owner: event numbers in answer order)"));
  // Every answer here is a reply well within the token's minute, and LINE never loses an answer:
  // a push or a refused reply means a reply was not heard back in time and was tried again.
  assert.equal(facts.pushes, 0, failing('answers pushed instead of replied'));
  assert.equal(facts.refusedReplies, 0, failing('reply calls LINE refused (a reply token tried again)'));
  // Not vacuous: both bots took deliveries of every owner, duplicates and lost acknowledgements
  // happened, LINE redelivered, and one owner's events were in both processes at once. (Which process
  // sends an owner's answers is up to the outbox lease: often one, sometimes both; only reported.)
  assert.equal(facts.ownersDeliveredToBoth(relay), OWNERS, failing('every owner has events delivered to A and to B'));
  assert.ok(stats.modes.both > 0, failing('some deliveries went to both bots'));
  assert.ok(stats.modes['lost-ack'] > 0, failing('some deliveries were stored and answered 500'));
  assert.ok(facts.redeliveryAttempts > 0, failing('LINE redelivered'));
  assert.ok(stats.overlaps > 0, failing("some event reached one bot while the owner's previous one, at the other bot, was unanswered"));
});

/**
 * One owner: follows, then types 說明 and 狀態 in turn, each soon after a bot stored the previous one
 * (LINE sends an owner's messages in order; the bots can keep the order only of what they have).
 */
async function talk(fake: FakeLinePlatform, relay: WebhookRelay, owner: string, events: WebhookEvent[], deadline: number): Promise<void> {
  await sleep(between(0, 1500));
  for (let i = 0; i <= MESSAGES_PER_OWNER; i += 1) {
    if (i > 0 && random() < 0.6) await sleep(between(0, 60));
    const delivery = i === 0 ? await fake.follow(owner) : await fake.sendText(owner, i % 2 === 1 ? '說明' : '狀態');
    for (const event of delivery.events) await relay.stored(event.webhookEventId, deadline);
    events.push(...delivery.events);
  }
}

/** Waits until every event is answered and LINE has nothing left to redeliver (at most until `deadline`). */
async function settle(
  fake: FakeLinePlatform,
  database: TestDatabase,
  relay: WebhookRelay,
  eventsOf: Map<string, WebhookEvent[]>,
  bots: readonly Bot[],
  deadline: number,
): Promise<void> {
  for (;;) {
    await relay.quiet();
    const answered = new Set((await answersAtLine(fake, database)).map((answer) => answer.token));
    const open = [...eventsOf.values()].flat().filter((event) => !answered.has(replyTokenOf(event)));
    const queued = await database.db.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).execute();
    if (open.length === 0 && queued.length === 0 && fake.waitingRedeliveries() === 0) return;
    if (Date.now() > deadline) {
      const outputs = bots.map((bot) => `--- bot ${bot.name} ---\n${bot.process.output().slice(-3000)}`).join('\n');
      throw new Error(
        `still open ${SETTLED_WITHIN_MS / 1000} s after the start (seed ${seed}): ${open.length} events unanswered, ` +
          `${queued.length} messages queued, ${fake.waitingRedeliveries()} deliveries to redeliver\n${outputs}`,
      );
    }
    await sleep(100);
  }
}

interface Answer {
  /** The reply token of the event it answers. */
  readonly token: string;
  readonly via: 'reply' | 'push';
  readonly at: Date;
}

/**
 * The answers LINE showed, in the order it took them: replies it accepted, and pushes it accepted
 * (tied to their event by the retry key of the event's outbox row).
 */
async function answersAtLine(fake: FakeLinePlatform, database: TestDatabase): Promise<Answer[]> {
  const rows = await database.db.selectFrom('outbox').select(['retry_key', 'reply_token']).execute();
  const tokenOfKey = new Map(rows.map((row) => [row.retry_key, row.reply_token ?? '']));
  return fake.calls().flatMap((call): Answer[] => {
    if (call.status !== 200) return [];
    if (call.path === '/v2/bot/message/reply') return [{ token: String((call.body as { replyToken?: unknown }).replyToken ?? ''), via: 'reply', at: call.at }];
    if (call.path === '/v2/bot/message/push') return [{ token: tokenOfKey.get(call.headers['x-line-retry-key'] ?? '') ?? '', via: 'push', at: call.at }];
    return [];
  });
}

/** Per event: owner, its number, when it happened, when a bot stored it, when LINE took its answer (ms from the first event). */
async function writeTimeline(path: string, fake: FakeLinePlatform, database: TestDatabase, eventsOf: Map<string, WebhookEvent[]>, relay: WebhookRelay): Promise<void> {
  const answeredAt = new Map((await answersAtLine(fake, database)).map((answer) => [answer.token, answer.at.getTime()]));
  const events = [...eventsOf.values()].flat();
  const zero = Math.min(...events.map((event) => event.timestamp));
  const lines = [...eventsOf].flatMap(([owner, own]) =>
    own.map((event, i) => [owner.slice(-2), i, event.timestamp - zero, (relay.storedAt(event.webhookEventId) ?? Number.NaN) - zero, (answeredAt.get(replyTokenOf(event)) ?? Number.NaN) - zero].join('\t')),
  );
  writeFileSync(path, ['owner\tevent\tsent\tstored\tanswered', ...lines].join('\n') + '\n');
}

interface Facts {
  readonly events: number;
  readonly replies: number;
  readonly pushes: number;
  /** Reply calls LINE refused (a token tried again). */
  readonly refusedReplies: number;
  readonly redeliveryAttempts: number;
  readonly wrongEvents: string[];
  readonly notDone: string[];
  readonly outOfOrder: string[];
  readonly repliesBy: Record<BotName, number>;
  readonly ownersAnsweredByBoth: number;
  /** From an event's moment to its answer at LINE, in ms. */
  readonly answerWaits: { readonly median: number; readonly max: number; readonly overSecond: number };
  ownersDeliveredToBoth(relay: WebhookRelay): number;
}

/** What LINE saw, what each bot's API relay saw, and what the database says, event by event. */
async function collectFacts(fake: FakeLinePlatform, database: TestDatabase, eventsOf: Map<string, WebhookEvent[]>, repliedBy: Map<string, BotName[]>): Promise<Facts> {
  const answers = await answersAtLine(fake, database);
  const replyCalls = fake.calls().filter((call) => call.path === '/v2/bot/message/reply');
  const outbox = await database.db.selectFrom('outbox').select(['reply_token', 'status']).execute();
  const inbox = await database.db.selectFrom('webhook_inbox').select(['webhook_event_id', 'status']).execute();
  const events = [...eventsOf.values()].flat();
  const wrongEvents: string[] = [];
  for (const event of events) {
    const token = replyTokenOf(event);
    const given = answers.filter((answer) => answer.token === token);
    const rows = outbox.filter((row) => row.reply_token === token);
    if (given.length !== 1 || rows.length !== 1) {
      wrongEvents.push(`${event.webhookEventId}: answers [${given.map((answer) => answer.via).join(', ')}], outbox rows [${rows.map((row) => row.status).join(', ')}]`);
    }
  }
  const known = new Set(events.map((event) => event.webhookEventId));
  const notDone = [
    ...events.filter((event) => !inbox.some((row) => row.webhook_event_id === event.webhookEventId)).map((event) => `${event.webhookEventId}: not stored`),
    ...inbox.filter((row) => row.status !== 'done' || !known.has(row.webhook_event_id)).map((row) => `${row.webhook_event_id}: ${row.status}`),
  ];
  const answeredAt = new Map(answers.map((answer) => [answer.token, answer.at.getTime()]));
  const waits = events.map((event) => (answeredAt.get(replyTokenOf(event)) ?? Number.NaN) - event.timestamp).sort((a, b) => a - b);
  const outOfOrder: string[] = [];
  let ownersAnsweredByBoth = 0;
  for (const [owner, ownEvents] of eventsOf) {
    const position = new Map(ownEvents.map((event, i) => [replyTokenOf(event), i]));
    const order = answers.filter((answer) => position.has(answer.token)).map((answer) => position.get(answer.token) ?? -1);
    if (order.some((index, i) => index !== i)) outOfOrder.push(`${owner}: ${order.join(' ')}`);
    const senders = new Set(ownEvents.flatMap((event) => repliedBy.get(replyTokenOf(event)) ?? []));
    if (senders.size === 2) ownersAnsweredByBoth += 1;
  }
  const repliesBy: Record<BotName, number> = { A: 0, B: 0 };
  for (const senders of repliedBy.values()) for (const sender of senders) repliesBy[sender] += 1;
  return {
    events: events.length,
    replies: answers.filter((answer) => answer.via === 'reply').length,
    pushes: answers.filter((answer) => answer.via === 'push').length,
    refusedReplies: replyCalls.filter((call) => call.status !== 200).length,
    redeliveryAttempts: fake.webhookAttempts().filter((attempt) => attempt.redelivery).length,
    wrongEvents,
    notDone,
    outOfOrder,
    repliesBy,
    ownersAnsweredByBoth,
    answerWaits: { median: waits[Math.floor(waits.length / 2)] ?? 0, max: waits[waits.length - 1] ?? 0, overSecond: waits.filter((ms) => ms > 1000).length },
    ownersDeliveredToBoth: (relay) => [...eventsOf.keys()].filter((owner) => relay.botsOf(owner).size === 2).length,
  };
}

interface Bot {
  readonly name: BotName;
  readonly url: string;
  readonly process: StartedProcess;
}

/** `npm start` with a LINE channel pointed at the fake (through its API relay), processing events itself. */
async function startBot(
  name: BotName,
  setup: { channelSecret: string; channelAccessToken: string; lineApiUrl: string; databaseUrl: string; credentialsKey: string },
): Promise<Bot> {
  const started = startScript('src/main.ts', {
    cwd: folder,
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: setup.databaseUrl,
      LINE_CHANNEL_SECRET: setup.channelSecret,
      LINE_CHANNEL_ACCESS_TOKEN: setup.channelAccessToken,
      LINE_API_BASE_URL: setup.lineApiUrl,
      CREDENTIALS_KEY: setup.credentialsKey,
      RUN_WORKER: 'false',
      LOG_LEVEL: 'info',
    },
  });
  const listening = await started.waitForLog('listening', 20_000);
  return { name, url: String(listening.url), process: started };
}

/** SIGTERM, and SIGKILL if the bot has not stopped within a few seconds (a stalled bot must not hold up the test). */
async function stopBot(bot: Bot): Promise<void> {
  const { child } = bot.process;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
  await bot.process.stop();
  clearTimeout(kill);
}

interface WebhookRelay {
  readonly url: string;
  readonly stats: { deliveries: number; modes: Record<Mode, number>; to: Record<BotName, number>; overlaps: number };
  /** The events per owner as the test records them, to count overlaps. */
  watch(eventsOf: Map<string, WebhookEvent[]>): void;
  /** The bots that got a first copy of one of this owner's deliveries. */
  botsOf(owner: string): Set<BotName>;
  /** When a bot first acknowledged a delivery with this event (ms since the epoch). */
  storedAt(webhookEventId: string): number | undefined;
  /** Resolves once a bot acknowledged a delivery with this event (it is in the inbox); rejects at `deadline`. */
  stored(webhookEventId: string, deadline: number): Promise<void>;
  /** Resolves when no late duplicate is on its way. */
  quiet(): Promise<void>;
  close(): Promise<void>;
}

/**
 * LINE's webhook URL: hands each owner's deliveries to A and B in turn, the signed body unchanged.
 * A delivery goes to its bot and that bot's answer goes back to LINE ("one"); or a copy also goes
 * to the other bot, at once or a little later ("both"); or LINE gets a 500 after the bot stored it
 * ("lost-ack"), so LINE delivers it again.
 */
async function startWebhookRelay(fake: FakeLinePlatform, bots: readonly Bot[]): Promise<WebhookRelay> {
  const turns = new Map<string, number>();
  const botsOf = new Map<string, Set<BotName>>();
  const late = new Set<Promise<unknown>>();
  let eventsOf = new Map<string, WebhookEvent[]>();
  const stats: WebhookRelay['stats'] = { deliveries: 0, modes: { one: 0, both: 0, 'lost-ack': 0 }, to: { A: 0, B: 0 }, overlaps: 0 };

  const forward = async (bot: Bot, body: Buffer, req: IncomingMessage): Promise<number> => {
    try {
      const response = await fetch(`${bot.url}/webhook`, {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json', 'x-line-signature': String(req.headers['x-line-signature'] ?? '') },
        body: new Uint8Array(body),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 502;
    }
  };

  const firstBot = new Map<string, BotName>();
  /** A new event for a bot while the owner's previous one went to the other and is unanswered: both bots hold one of theirs. */
  const overlaps = (owner: string, events: readonly WebhookEvent[], bot: BotName): boolean => {
    if (events.some((event) => event.deliveryContext.isRedelivery)) return false;
    const own = eventsOf.get(owner) ?? []; // the test records an event once it is stored, so this one is not there yet
    const previous = own[own.length - 1];
    if (!previous) return false;
    const previousAt = firstBot.get(previous.webhookEventId);
    return previousAt !== undefined && previousAt !== bot && !fake.replies().some((reply) => reply.replyToken === replyTokenOf(previous));
  };
  const storedIds = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  const noteStored = (events: readonly WebhookEvent[], status: number) => {
    if (status < 200 || status >= 300) return;
    for (const event of events) {
      if (!storedIds.has(event.webhookEventId)) storedIds.set(event.webhookEventId, Date.now());
      waiting.get(event.webhookEventId)?.();
      waiting.delete(event.webhookEventId);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const delivery = JSON.parse(body.toString('utf8')) as { events: WebhookEvent[] };
    const owner = delivery.events[0]?.source?.userId ?? '';
    const turn = turns.get(owner) ?? (random() < 0.5 ? 0 : 1);
    turns.set(owner, turn + 1);
    const bot = bots[turn % 2] as Bot;
    const other = bots[(turn + 1) % 2] as Bot;
    const draw = random();
    const mode: Mode = draw < 0.25 ? 'both' : draw < 0.45 ? 'lost-ack' : 'one';
    stats.deliveries += 1;
    stats.modes[mode] += 1;
    stats.to[bot.name] += 1;
    if (delivery.events.length > 0) {
      const seen = botsOf.get(owner) ?? new Set<BotName>();
      seen.add(bot.name);
      botsOf.set(owner, seen);
      if (overlaps(owner, delivery.events, bot.name)) stats.overlaps += 1;
      for (const event of delivery.events) if (!firstBot.has(event.webhookEventId)) firstBot.set(event.webhookEventId, bot.name);
    }
    if (mode === 'both') {
      const wait = random() < 0.5 ? 0 : between(0, 300);
      const copy = sleep(wait).then(async () => noteStored(delivery.events, await forward(other, body, req)));
      late.add(copy);
      void copy.finally(() => late.delete(copy));
    }
    const status = await forward(bot, body, req);
    noteStored(delivery.events, status);
    res.writeHead(mode === 'lost-ack' ? 500 : status, { 'content-type': 'application/json' }).end('{}');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  const url = await listenLocal(server);
  return {
    url,
    stats,
    watch: (events) => {
      eventsOf = events;
    },
    botsOf: (owner) => botsOf.get(owner) ?? new Set(),
    storedAt: (webhookEventId) => storedIds.get(webhookEventId),
    stored: (webhookEventId, deadline) =>
      new Promise((resolve, reject) => {
        if (storedIds.has(webhookEventId)) return resolve();
        const timer = setTimeout(() => {
          const outputs = bots.map((bot) => `--- bot ${bot.name} ---\n${bot.process.output().slice(-2000)}`).join('\n');
          reject(new Error(`no bot acknowledged event ${webhookEventId} by ${SETTLED_WITHIN_MS / 1000} s after the start (seed ${seed})\n${outputs}`));
        }, Math.max(0, deadline - Date.now()));
        waiting.set(webhookEventId, () => {
          clearTimeout(timer);
          resolve();
        });
      }),
    quiet: async () => {
      while (late.size > 0) await Promise.all(late);
    },
    close: () => closeServer(server),
  };
}

/** In front of the fake's API for one bot: passes every call through, noting the reply tokens this bot used. */
async function startApiRelay(lineUrl: string, name: BotName, repliedBy: Map<string, BotName[]>): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (req.method === 'POST' && req.url === '/v2/bot/message/reply') {
        const token = String((JSON.parse(body.toString('utf8')) as { replyToken?: unknown }).replyToken ?? '');
        repliedBy.set(token, [...(repliedBy.get(token) ?? []), name]);
      }
      const headers: Record<string, string> = {};
      for (const [header, value] of Object.entries(req.headers)) {
        if (value === undefined || ['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive'].includes(header)) continue;
        headers[header] = Array.isArray(value) ? value.join(', ') : value;
      }
      const method = req.method ?? 'GET';
      const response = await fetch(`${lineUrl}${req.url ?? '/'}`, { method, headers, ...(method === 'GET' || method === 'HEAD' ? {} : { body: new Uint8Array(body) }) });
      const answer = Buffer.from(await response.arrayBuffer());
      const passed: Record<string, string> = {};
      response.headers.forEach((value, header) => {
        if (!['connection', 'content-length', 'transfer-encoding', 'keep-alive', 'content-encoding'].includes(header)) passed[header] = value;
      });
      res.writeHead(response.status, passed).end(answer);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502).end(String(error));
    });
  });
  const url = await listenLocal(server);
  return { url, close: () => closeServer(server) };
}

function replyTokenOf(event: WebhookEvent): string {
  return 'replyToken' in event && typeof event.replyToken === 'string' ? event.replyToken : '';
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function listenLocal(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}


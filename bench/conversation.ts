import { performance } from 'node:perf_hooks';
import { newUserId, type FakeLinePlatform } from '../src/sim/line/index.ts';
import { startBenchBot } from './bench-bot.ts';
import { percentile } from './stats.ts';
import { ms, type BenchRow } from './table.ts';

const USERS = 200;
/** What each owner types, one after another, waiting for the answer in between as people do. */
const MESSAGES = ['hi', '說明', '狀態', '選單', '說明'];
/** Owners chatting at the same moment. */
const CHATTING = 20;
const WARMUP_USERS = 20;
const ANSWER_TIMEOUT_MS = 30_000;

const section = 'conversation';

/**
 * Events handled end to end: owners (the fake LINE platform) send text, the bot takes the
 * signed webhook, converses and replies, and an owner sends the next message when the
 * reply has reached LINE. The clock runs from the first post until the last reply. The
 * fake shares the bot's process and event loop, so the figures are on the safe side.
 */
export async function conversationBench(): Promise<BenchRow[]> {
  const bench = await startBenchBot();
  try {
    await chat(bench.fake, newUsers(WARMUP_USERS));
    const repliesBefore = bench.fake.replies().length;
    const pushesBefore = bench.fake.pushes().length;
    const run = await chat(bench.fake, newUsers(USERS));
    const events = USERS * MESSAGES.length;
    const replies = bench.fake.replies().length - repliesBefore;
    const pushes = bench.fake.pushes().length - pushesBefore;
    return [
      { section, metric: `events/s, webhook → conversation → reply at LINE (${USERS} owners × ${MESSAGES.length} messages, ${CHATTING} chatting at once)`, value: (events / (run.wallMs / 1000)).toFixed(0) },
      { section, metric: 'webhook → reply latency p50', value: ms(percentile(run.latenciesMs, 0.5)) },
      { section, metric: 'webhook → reply latency p99', value: ms(percentile(run.latenciesMs, 0.99)) },
      { section, metric: 'events answered by reply, by push', value: `${replies} of ${events}, ${pushes}`, target: replies === events && pushes === 0 ? 'all by reply' : 'all by reply ✗' },
    ];
  } finally {
    await bench.stop();
  }
}

function newUsers(count: number): string[] {
  return Array.from({ length: count }, () => newUserId());
}

interface Run {
  readonly wallMs: number;
  /** From posting the webhook to LINE holding the bot's answer, per event. */
  readonly latenciesMs: number[];
}

/** Every user has their whole conversation; CHATTING of them at a time. */
async function chat(fake: FakeLinePlatform, users: readonly string[]): Promise<Run> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  let next = 0;
  const converse = async () => {
    for (let user = users[next++]; user !== undefined; user = users[next++]) {
      for (const text of MESSAGES) latenciesMs.push(await answered(fake, user, text));
    }
  };
  await Promise.all(Array.from({ length: CHATTING }, converse));
  return { wallMs: performance.now() - started, latenciesMs };
}

/** Sends one text and resolves with the milliseconds until the bot's answer reached LINE. */
async function answered(fake: FakeLinePlatform, userId: string, text: string): Promise<number> {
  const since = fake.mark(userId);
  const posted = performance.now();
  const delivery = await fake.sendText(userId, text);
  if (delivery.status !== 200) throw new Error(`the bot answered the webhook with ${delivery.status}: ${delivery.body}`);
  await fake.waitForMessages(userId, 1, { since, timeoutMs: ANSWER_TIMEOUT_MS });
  return performance.now() - posted;
}

// The fake LINE platform in a process of its own, for the webhook bench: LINE is never inside the
// bot's process, and a platform that remembers 100,000 reply tokens would otherwise weigh on the bot's
// heap (its garbage collection) and make the bot look slower than it is.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { addressUrl, listen } from '../src/http/server.ts';
import { createFakeLinePlatform } from '../src/sim/line/index.ts';
import { closeServer } from './bench-bot.ts';
import { textEvent, type TrafficPlan } from './webhook-traffic.ts';

export interface LineChannelSetup {
  readonly channelSecret: string;
  readonly channelAccessToken: string;
  readonly botUserId: string;
}

type Question = { readonly kind: 'admit'; readonly plan: TrafficPlan; readonly count: number } | { readonly kind: 'replies' };
type Request = Question & { readonly id: number };
type Answer = { readonly id: number; readonly value: number };

const ADMIT_BATCH = 2_000;

export interface LineProcess {
  readonly url: string;
  /** Has the fake deliver the plan's first `count` events (to a sink), so it issues and accepts their reply tokens. */
  admit(plan: TrafficPlan, count: number): Promise<void>;
  replies(): Promise<number>;
  stop(): Promise<void>;
}

export async function startLineProcess(setup: LineChannelSetup): Promise<LineProcess> {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, BENCH_LINE: JSON.stringify(setup) } });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve(String((message as { url: string }).url)));
    child.once('exit', (code) => reject(new Error(`the fake LINE process exited with ${code}`)));
  });
  let nextId = 0;
  const ask = (question: Question) => askChild(child, { ...question, id: (nextId += 1) });
  return {
    url,
    admit: async (plan, count) => void (await ask({ kind: 'admit', plan, count })),
    replies: () => ask({ kind: 'replies' }),
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

function askChild(child: ChildProcess, request: Request): Promise<number> {
  return new Promise((resolve) => {
    const listen = (message: unknown) => {
      const answer = message as Answer;
      if (answer.id !== request.id) return;
      child.off('message', listen);
      resolve(answer.value);
    };
    child.on('message', listen);
    child.send(request);
  });
}

/** The child: a fake LINE platform that answers the parent's questions over IPC. */
async function serve(setup: LineChannelSetup): Promise<void> {
  const fake = createFakeLinePlatform({ ...setup, monthlyQuota: 10_000_000 });
  const listening = await fake.listen(0);
  process.on('message', (message) => {
    const request = message as Request;
    const answer = (value: number) => process.send?.({ id: request.id, value } satisfies Answer);
    if (request.kind === 'replies') answer(fake.replies().length);
    else void admit(fake, request.plan, request.count).then(() => answer(request.count));
  });
  process.once('SIGTERM', () => void listening.close().then(() => process.exit(0)));
  // The bench that started it is gone (it threw, or was killed): so is the fake LINE platform.
  process.once('disconnect', () => process.exit(0));
  process.send?.({ url: listening.url });
}

async function admit(fake: ReturnType<typeof createFakeLinePlatform>, plan: TrafficPlan, count: number): Promise<void> {
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end());
  });
  fake.setWebhookUrl(`${addressUrl(await listen(sink, 0, '127.0.0.1'))}/`);
  try {
    for (let first = 0; first < count; first += ADMIT_BATCH) {
      const events = Array.from({ length: Math.min(ADMIT_BATCH, count - first) }, (_, i) => textEvent(plan, first + i, Date.now()));
      await fake.deliver(events);
    }
  } finally {
    await closeServer(sink);
  }
}

if (process.env.BENCH_LINE && process.send) await serve(JSON.parse(process.env.BENCH_LINE) as LineChannelSetup);

// The "scale-out on PostgreSQL" bench: the bot as deployed (src/main.ts, src/worker-main.ts as real
// child processes), the fake LINE platform in a process of its own, and the load from a third.
//
// 1. A steady 1,000 signed events/s (open loop) against
//    a. one `npm start` doing everything (webhook, processing, outbox, jobs) on SQLite, and
//    b. the ingest split: `npm start` with PROCESS_EVENTS=false plus one `npm run worker`, on PostgreSQL
//       when one is configured (BENCH_POSTGRES_URL or TEST_POSTGRES_URL), else SQLite;
//    with the backlog the load leaves and how fast it drains; and, to tell where ack latency goes,
//    a bare endpoint at the same rate (the floor the machine and the generator set) and the web process
//    of b. with no worker running (b0: acknowledging with nothing else competing).
// 2. Closed-loop maximum (10 connections) through a round-robin proxy, on PostgreSQL: one web process
//    and two, each with one worker behind.
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Db } from '../src/db/connect.ts';
import { newUserId } from '../src/sim/line/index.ts';
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from '../test/support/db.ts';
import { startBareEndpoint } from './bench-bot.ts';
import { describeCpu, watchCpu, type CpuWatch } from './cpu.ts';
import { complaints, newCredentialsKey, startWebProcess, startWorkerProcess, type BotChild, type BotDeployment } from './bot-processes.ts';
import { startLineProcess, type LineChannelSetup, type LineProcess } from './line-process.ts';
import { startRoundRobinProxy } from './round-robin-proxy.ts';
import { runSteadyLoad, type SteadyLoadReport, type SteadyPhase } from './steady-load.ts';
import { ms, type BenchRow } from './table.ts';
import { runLoad, type LoadPhase } from './webhook-load.ts';
import { newTrafficPlan, webhookEventIdOf, type TrafficPlan } from './webhook-traffic.ts';

const section = 'scale';

const RATE = 1000;
const WARMUP_SECONDS = 2;
const SECONDS = 10;
const USERS = 300;
/** How long the backlog is watched after the load stops, at most. */
const DRAIN_SECONDS = 15;
const DRAIN_POLL_MS = 100;
/** Closed-loop runs (part 2): as in the webhook bench. */
const CONNECTIONS = 10;
/** Reply tokens admitted for a closed-loop run: more than the deliveries of 12 s at any rate seen here. */
const CLOSED_LOOP_ADMITTED = 100_000;

/** A load average at the start above this many per CPU means other work competes with the bench (the rows say so). */
const QUIET_LOAD_PER_CPU = 0.75;

type Engine = 'sqlite' | 'postgres';

export async function scaleBench(): Promise<BenchRow[]> {
  const postgresUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  // test/support/db.ts reads TEST_POSTGRES_URL; BENCH_POSTGRES_URL, when given, wins.
  if (postgresUrl) process.env.TEST_POSTGRES_URL = postgresUrl;
  const splitEngine: Engine = postgresUrl ? 'postgres' : 'sqlite';

  const channel: LineChannelSetup = { channelSecret: randomBytes(16).toString('hex'), channelAccessToken: randomBytes(24).toString('base64url'), botUserId: newUserId() };
  const line = await startLineProcess(channel);
  const loadAtStart = loadavg()[0] ?? 0;
  try {
    const rows: BenchRow[] = [];
    progress('bare endpoint at a steady rate');
    const bare = await steadyBare();
    const bareName = 'bare SDK middleware, in-process (floor)';
    rows.push(...steadyRows(bareName, bare.phase, { bare: true }), {
      section,
      metric: `${bareName}: CPU during the load (share of one CPU; generator ${Math.round(bare.phase.generatorCpu * 100)}%)`,
      value: describeCpu(bare.cpu),
    });
    progress('single process (npm start), SQLite');
    rows.push(...(await steadyRun(line, channel, { name: 'a. single process, sqlite', engine: 'sqlite', topology: 'single' })));
    progress(`ingest split (web PROCESS_EVENTS=false + worker), ${splitEngine}`);
    rows.push(...(await steadyRun(line, channel, { name: `b. web + worker, ${splitEngine}`, engine: splitEngine, topology: 'split' })));
    progress(`web process alone (PROCESS_EVENTS=false, no worker), ${splitEngine}`);
    rows.push(...(await steadyRun(line, channel, { name: `b0. web alone, no worker running, ${splitEngine}`, engine: splitEngine, topology: 'web-only' })));
    if (postgresUrl) {
      progress('round-robin proxy, one web process, PostgreSQL');
      const one = await proxiedRun(line, channel, 1);
      progress('round-robin proxy, two web processes, PostgreSQL');
      const two = await proxiedRun(line, channel, 2);
      rows.push(...proxiedRows(one, two));
    } else {
      rows.push({
        section,
        metric: 'web processes behind a round-robin proxy (PostgreSQL only)',
        value: 'skipped: no PostgreSQL',
        target: 'eval "$(bash scripts/pg-test-cluster.sh start)"; then npm run bench scale',
      });
    }
    const loadAtEnd = loadavg()[0] ?? 0;
    rows.unshift({
      section,
      metric: 'machine load average (1 min) at the start / end of the section (at the start: other work; at the end this bench counts too)',
      value: `${loadAtStart.toFixed(1)} / ${loadAtEnd.toFixed(1)} on ${cpus().length} CPUs`,
      target: loadAtStart <= QUIET_LOAD_PER_CPU * cpus().length ? `≤ ${QUIET_LOAD_PER_CPU * cpus().length} at start` : `≤ ${QUIET_LOAD_PER_CPU * cpus().length} at start ✗ (figures contended)`,
    });
    return rows;
  } finally {
    await line.stop();
  }
}

function progress(what: string): void {
  process.stderr.write(`  scale: ${what}…\n`);
}

// ---------------------------------------------------------------------------------------------
// 1. Steady rate

interface SteadyRun {
  readonly name: string;
  readonly engine: Engine;
  /**
   * single: one `npm start` doing everything; split: web with PROCESS_EVENTS=false + one worker;
   * web-only: the same web process with no worker, so nothing but acknowledging competes for the CPUs and the database.
   */
  readonly topology: 'single' | 'split' | 'web-only';
}

interface SteadyOutcome {
  readonly load: SteadyLoadReport;
  /** Acknowledged events (warm-up included) the inbox holds. */
  readonly found: number;
  /** Events answered at LINE during the measured load, per second. */
  readonly answeredPerSecond: number;
  /** Undefined when no process works the backlog off (web-only). */
  readonly drain: Drain | undefined;
  readonly complaints: string[];
  readonly cpu: ReturnType<CpuWatch['stop']>;
}

async function steadyRun(line: LineProcess, channel: LineChannelSetup, run: SteadyRun): Promise<BenchRow[]> {
  const database = await openDatabase(run.engine);
  const plan = newTrafficPlan(USERS, channel.botUserId);
  await line.admit(plan, RATE * (WARMUP_SECONDS + SECONDS));
  const deployment = deploymentOf(database, line, channel);
  const children: BotChild[] = [];
  try {
    if (run.topology === 'single') children.push(await startWebProcess(deployment, { processEvents: true, runWorker: true }));
    else children.push(await startWebProcess(deployment, { processEvents: false, runWorker: false }));
    if (run.topology === 'split') children.push(await startWorkerProcess(deployment));
    const web = children[0] as Awaited<ReturnType<typeof startWebProcess>>;
    const before = await line.replies();
    const cpu = watchCpu(Object.fromEntries(children.map((child, i) => [i === 0 ? (run.topology === 'single' ? 'npm start' : 'web') : 'worker', child.process.child.pid])));
    const load = await runSteadyLoad({ url: `${web.url}/webhook`, channelSecret: channel.channelSecret, plan, ratePerSecond: RATE, warmupSeconds: WARMUP_SECONDS, seconds: SECONDS });
    const cpuUsed = cpu.stop();
    const answered = (await line.replies()) - before;
    const drain = run.topology === 'web-only' ? undefined : await watchDrain(database.db, line);
    const found = await ackedInInbox(database.db, plan, load.acked);
    const outcome: SteadyOutcome = {
      load,
      found,
      answeredPerSecond: answered / (WARMUP_SECONDS + SECONDS),
      drain,
      complaints: children.flatMap((child) => complaints(child.process)),
      cpu: cpuUsed,
    };
    return [...steadyRows(run.name, load.measured, {}), ...steadyBotRows(run.name, outcome)];
  } finally {
    for (const child of children.reverse()) await child.stop();
    await database.dispose();
  }
}

function steadyRows(name: string, phase: SteadyPhase, options: { bare?: boolean }): BenchRow[] {
  const failures = phase.non2xx + phase.errors + phase.timeouts;
  const offered = `${name}: offered ${RATE} events/s for ${SECONDS} s, sent at`;
  return [
    { section, metric: offered, value: `${phase.sentPerSecond.toFixed(0)}/s`, target: Math.abs(phase.sentPerSecond - RATE) <= RATE * 0.02 ? `${RATE}/s` : `${RATE}/s ✗` },
    { section, metric: `${name}: ack latency p50`, value: ms(phase.p50Ms) },
    { section, metric: `${name}: ack latency p99`, value: ms(phase.p99Ms), target: options.bare ? undefined : phase.p99Ms <= 20 ? '≤ 20 ms' : '≤ 20 ms ✗' },
    { section, metric: `${name}: ack latency max / generator send lag p99 / connections opened`, value: `${ms(phase.maxMs)} / ${ms(phase.sendLagP99Ms)} / ${phase.connections}` },
    {
      section,
      metric: `${name}: non-2xx / errors / timeouts${phase.errorCodes ? ` (${phase.errorCodes})` : ''}`,
      value: `${phase.non2xx} / ${phase.errors} / ${phase.timeouts}`,
      target: failures === 0 ? '0' : '0 ✗',
    },
  ];
}

function steadyBotRows(name: string, outcome: SteadyOutcome): BenchRow[] {
  const { drain, load } = outcome;
  const acked = load.acked.length;
  const rows: BenchRow[] = [
    { section, metric: `${name}: acked events found in the inbox (warm-up included)`, value: `${outcome.found}/${acked}`, target: outcome.found === acked ? 'all' : 'all ✗' },
    {
      section,
      metric: `${name}: CPU during the load (share of one CPU; generator ${Math.round(load.measured.generatorCpu * 100)}%)`,
      value: describeCpu(outcome.cpu),
    },
  ];
  if (drain) {
    rows.push(
      { section, metric: `${name}: events answered at LINE per second during the load`, value: outcome.answeredPerSecond.toFixed(0) },
      { section, metric: `${name}: backlog (events pending in the inbox) when the load stopped`, value: String(drain.backlog) },
      {
        section,
        metric: `${name}: backlog drain rate (events/s, until empty or ${DRAIN_SECONDS} s)`,
        value:
          drain.backlog === 0
            ? 'no backlog'
            : `${drain.perSecond.toFixed(0)}/s (${drain.left === 0 ? `empty after ${drain.seconds.toFixed(1)} s` : `${drain.left} left after ${drain.seconds.toFixed(0)} s`})`,
      },
      { section, metric: `${name}: answered at LINE per second while draining`, value: drain.backlog === 0 ? '–' : drain.answeredPerSecond.toFixed(0) },
      { section, metric: `${name}: messages waiting in the outbox when the load stopped / when the drain ended`, value: `${drain.outboxAtStop} / ${drain.outboxAtEnd}` },
    );
  }
  if (outcome.complaints.length > 0) {
    rows.push({ section, metric: `${name}: warnings/errors logged by the bot (first: ${outcome.complaints[0]?.slice(0, 100)})`, value: String(outcome.complaints.length), target: '0 ✗' });
  }
  return rows;
}

interface Drain {
  readonly backlog: number;
  /** Messages queued in the outbox and not yet delivered (pending or sending), when the load stopped and at the end. */
  readonly outboxAtStop: number;
  readonly outboxAtEnd: number;
  readonly left: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly answeredPerSecond: number;
}

/** Watches the pending part of the inbox from the moment the load stopped until it is empty (or DRAIN_SECONDS). */
async function watchDrain(db: Db, line: LineProcess): Promise<Drain> {
  const startedAt = performance.now();
  const repliesBefore = await line.replies();
  const backlog = await pendingEvents(db);
  const outboxAtStop = await waitingMessages(db);
  let left = backlog;
  while (left > 0 && performance.now() - startedAt < DRAIN_SECONDS * 1000) {
    await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    left = await pendingEvents(db);
  }
  const seconds = (performance.now() - startedAt) / 1000;
  const answered = (await line.replies()) - repliesBefore;
  return { backlog, outboxAtStop, outboxAtEnd: await waitingMessages(db), left, seconds, perSecond: (backlog - left) / seconds, answeredPerSecond: answered / seconds };
}

async function waitingMessages(db: Db): Promise<number> {
  const row = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['pending', 'sending']).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function pendingEvents(db: Db): Promise<number> {
  const row = await db.selectFrom('webhook_inbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
  return Number(row.n);
}

async function ackedInInbox(db: Db, plan: TrafficPlan, acked: readonly number[]): Promise<number> {
  const rows = await db.selectFrom('webhook_inbox').select('webhook_event_id').execute();
  const stored = new Set(rows.map((row) => row.webhook_event_id));
  return acked.filter((n) => stored.has(webhookEventIdOf(plan, n))).length;
}

/** The same steady load against the SDK's signature check alone, in this process: what loopback HTTP and the generator cost. */
async function steadyBare(): Promise<{ phase: SteadyPhase; cpu: ReturnType<CpuWatch['stop']> }> {
  const channelSecret = randomBytes(16).toString('hex');
  const endpoint = await startBareEndpoint(channelSecret);
  try {
    const plan = newTrafficPlan(USERS, newUserId());
    const cpu = watchCpu({ endpoint: process.pid });
    const load = await runSteadyLoad({ url: endpoint.webhookUrl, channelSecret, plan, ratePerSecond: RATE, warmupSeconds: WARMUP_SECONDS, seconds: SECONDS });
    return { phase: load.measured, cpu: cpu.stop() };
  } finally {
    await endpoint.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Web processes behind a round-robin proxy (PostgreSQL)

interface ProxiedOutcome {
  readonly webs: number;
  readonly phase: LoadPhase;
  readonly found: number;
  readonly acked: number;
  readonly backlog: number;
  readonly complaints: string[];
  readonly cpu: ReturnType<CpuWatch['stop']>;
}

async function proxiedRun(line: LineProcess, channel: LineChannelSetup, webs: number): Promise<ProxiedOutcome> {
  const database = await openDatabase('postgres');
  const plan = newTrafficPlan(USERS, channel.botUserId);
  await line.admit(plan, CLOSED_LOOP_ADMITTED);
  const deployment = deploymentOf(database, line, channel);
  const children: BotChild[] = [];
  let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>> | undefined;
  try {
    const starting = await Promise.allSettled(Array.from({ length: webs }, () => startWebProcess(deployment, { processEvents: false, runWorker: false })));
    const started = starting.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    children.push(...started);
    const failed = starting.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    children.push(await startWorkerProcess(deployment));
    proxy = await startRoundRobinProxy(started.map((web) => web.url));
    const cpu = watchCpu({
      ...Object.fromEntries(started.map((web, i) => [`web ${i + 1}`, web.process.child.pid])),
      worker: children[children.length - 1]?.process.child.pid,
      proxy: proxy.pid,
    });
    const load = await runLoad({ url: `${proxy.url}/webhook`, channelSecret: channel.channelSecret, plan, connections: CONNECTIONS, warmupSeconds: WARMUP_SECONDS, seconds: SECONDS });
    const cpuUsed = cpu.stop();
    const backlog = await pendingEvents(database.db);
    const found = await ackedInInbox(database.db, plan, load.acked);
    return { webs, phase: load.measured, found, acked: load.acked.length, backlog, complaints: children.flatMap((child) => complaints(child.process)), cpu: cpuUsed };
  } finally {
    await proxy?.stop();
    for (const child of children.reverse()) await child.stop();
    await database.dispose();
  }
}

function proxiedRows(one: ProxiedOutcome, two: ProxiedOutcome): BenchRow[] {
  const rate = (outcome: ProxiedOutcome) => outcome.phase.ok / outcome.phase.seconds;
  const name = (outcome: ProxiedOutcome) => `proxy → ${outcome.webs} web process${outcome.webs > 1 ? 'es' : ''} + 1 worker, postgres`;
  const rows = (outcome: ProxiedOutcome): BenchRow[] => {
    const failures = outcome.phase.non2xx + outcome.phase.errors + outcome.phase.timeouts;
    return [
      { section, metric: `${name(outcome)}: events/s, ${CONNECTIONS} connections, ${SECONDS} s`, value: rate(outcome).toFixed(0) },
      { section, metric: `${name(outcome)}: ack latency p50`, value: ms(outcome.phase.p50Ms) },
      { section, metric: `${name(outcome)}: ack latency p99`, value: ms(outcome.phase.p99Ms) },
      { section, metric: `${name(outcome)}: non-2xx / errors / timeouts`, value: `${outcome.phase.non2xx} / ${outcome.phase.errors} / ${outcome.phase.timeouts}`, target: failures === 0 ? '0' : '0 ✗' },
      { section, metric: `${name(outcome)}: acked events found in the inbox`, value: `${outcome.found}/${outcome.acked}`, target: outcome.found === outcome.acked ? 'all' : 'all ✗' },
      { section, metric: `${name(outcome)}: backlog when the load stopped`, value: String(outcome.backlog) },
      { section, metric: `${name(outcome)}: CPU during the load (share of one CPU)`, value: describeCpu(outcome.cpu) },
      ...(outcome.complaints.length > 0
        ? [{ section, metric: `${name(outcome)}: warnings/errors logged by the bot (first: ${outcome.complaints[0]?.slice(0, 100)})`, value: String(outcome.complaints.length), target: '0 ✗' }]
        : []),
    ];
  };
  return [...rows(one), ...rows(two), { section, metric: 'two web processes ÷ one, events/s', value: `${(rate(two) / rate(one)).toFixed(2)}×` }];
}

// ---------------------------------------------------------------------------------------------

function openDatabase(engine: Engine): Promise<TestDatabase> {
  return engine === 'postgres' ? createPostgresDatabase() : createSqliteDatabase();
}

function deploymentOf(database: TestDatabase, line: LineProcess, channel: LineChannelSetup): BotDeployment {
  return { databaseUrl: database.url, lineUrl: line.url, channelSecret: channel.channelSecret, channelAccessToken: channel.channelAccessToken, credentialsKey: newCredentialsKey() };
}

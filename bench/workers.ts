// The job workers scaled out (issue item 8): jobs/minute with 1, 2 and 4 `npm run worker` processes
// (src/worker-main.ts as real child processes, WORKER_CONCURRENCY=1 each) sharing one database, each
// job a real submission: the worker's browser logs in to the portal simulator (spa layout, today's
// platform) and saves two ranges. The captcha goes through the real relay and is answered by a
// scripted owner here (as test/jobs/crash.test.ts does), so each job includes that round trip.
// The database is PostgreSQL when BENCH_POSTGRES_URL or TEST_POSTGRES_URL names a server, else SQLite.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../src/db/connect.ts';
import { justEndedPeriod, periodKey } from '../src/invoice/period.ts';
import { queueSubmission } from '../src/jobs/submissions.ts';
import { generateStores } from '../src/sim/portal/fixture.ts';
import { createPortalSimulator, type RunningPortalSimulator } from '../src/sim/portal/index.ts';
import { createStore, ensureOwner, ensureStorePeriod, replaceQueuedRanges, saveSealedCredentials, setPeriodState } from '../src/stores/repository.ts';
import { PortalCredentials, sealCredentials } from '../src/vault/credentials.ts';
import { singleKeyRing } from '../src/vault/key-ring.ts';
import { createVault } from '../src/vault/vault.ts';
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from '../test/support/db.ts';
import { startScript, type StartedProcess } from '../test/support/process.ts';
import { treeRssBytes } from './process-memory.ts';
import { mib, type BenchRow } from './table.ts';

const section = 'workers';
const WORKER_COUNTS = [1, 2, 4] as const;
/** Jobs are counted over this window, after every worker has finished its first job (browser started, warm). */
const WINDOW_MS = 20_000;
/** Several times what 4 workers get through in warm-up plus the window, so the queue does not run dry. */
const STORES = 60;
const START_TIMEOUT_MS = 60_000;
/** How often the scripted owner looks for a captcha to answer; the relay itself polls every 250 ms. */
const ANSWER_POLL_MS = 50;
/** Memory is sampled this often: reading every process's smaps_rollup costs CPU the workers want. */
const MEMORY_SAMPLE_MS = 2_000;

type Engine = 'SQLite' | 'PostgreSQL';

interface Run {
  readonly database: TestDatabase;
  readonly portal: RunningPortalSimulator;
  readonly portalAnswers: string;
  readonly credentialsKey: Buffer;
}

interface Measured {
  readonly workers: number;
  /** Completion times (ms) of the submissions that finished in the window, in order. */
  readonly finishedAt: readonly number[];
  readonly windowMs: number;
  /** Peak PSS of one worker process with its Chromium, the mean over the workers. */
  readonly peakBytesPerWorker: number;
  /** CPU seconds the worker processes and their Chromiums used over the window, all workers together. */
  readonly cpuSeconds: number;
  readonly failed: number;
  /** No submission was left waiting at the window's end: the workers may have idled, the rate is a floor. */
  readonly ranDry: boolean;
}

export async function workersBench(): Promise<BenchRow[]> {
  const engine = chooseEngine();
  const measured: Measured[] = [];
  const loadAtStart = loadavg()[0] ?? 0;
  for (const workers of WORKER_COUNTS) {
    progress(`${workers} worker process(es) on ${engine}`);
    measured.push(await measureWorkers(engine, workers));
  }
  // The figures depend on what else the 2 cores run: said next to them.
  const load = `${loadAtStart.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)} on ${cpus().length} cores`;
  return [...rowsOf(engine, measured), { section, metric: '1-minute load average, start → end of this section', value: load }];
}

/** PostgreSQL when a server is named (test/support/db.ts reads TEST_POSTGRES_URL; BENCH_POSTGRES_URL, when given, wins). */
function chooseEngine(): Engine {
  const postgresUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  if (!postgresUrl) return 'SQLite';
  process.env.TEST_POSTGRES_URL = postgresUrl;
  return 'PostgreSQL';
}

function rowsOf(engine: Engine, measured: readonly Measured[]): BenchRow[] {
  const one = measured.find((m) => m.workers === 1);
  return measured.flatMap((m) => {
    const label = `${m.workers} worker process${m.workers === 1 ? '' : 'es'} (concurrency 1 each), ${engine}`;
    const speedup = one && m !== one ? ` (${(jobsPerMinute(m) / jobsPerMinute(one)).toFixed(2)}× of 1)` : '';
    const failures = m.failed > 0 ? `, ${m.failed} jobs failed or retried` : '';
    const dry = m.ranDry ? ', queue ran dry' : '';
    return [
      {
        section,
        metric: `${label}: real submissions/minute vs the simulator, scripted captcha answers (${m.finishedAt.length} done in ${(m.windowMs / 1000).toFixed(0)} s${failures}${dry})`,
        value: `${jobsPerMinute(m).toFixed(1)}/min${speedup}`,
      },
      { section, metric: `${label}: peak memory (PSS) per worker process incl. its Chromium`, value: mib(m.peakBytesPerWorker) },
      {
        section,
        metric: `${label}: CPU of the workers incl. Chromium over the window, per submission`,
        value: `${(m.cpuSeconds / Math.max(1, m.finishedAt.length)).toFixed(1)} s (${((m.cpuSeconds / m.windowMs) * 1000).toFixed(2)} cores busy)`,
      },
    ];
  });
}

/**
 * Completions per minute between the window's first and last completion: with a few jobs in the
 * window, counting whole jobs over the window would be off by up to one job (±3/min at 20 s).
 */
function jobsPerMinute(m: Measured): number {
  const first = m.finishedAt[0];
  const last = m.finishedAt[m.finishedAt.length - 1];
  if (first === undefined || last === undefined || last === first) return (m.finishedAt.length / m.windowMs) * 60_000;
  return ((m.finishedAt.length - 1) / (last - first)) * 60_000;
}

/** One fresh database and simulator, `count` workers started, submissions queued, jobs counted over the window. */
async function measureWorkers(engine: Engine, count: number): Promise<Measured> {
  const run = await prepareRun(engine);
  const owner = { done: false };
  const answering = answerCaptchas(run, owner);
  const workers: StartedProcess[] = [];
  const dirs: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'bench-worker-'));
      dirs.push(dir);
      workers.push(startWorker(run, dir));
    }
    await Promise.all(workers.map((worker) => worker.waitForLog('worker started', START_TIMEOUT_MS)));
    await queueAllSubmissions(run.database.db);
    // Warm-up: each worker's first job pays for its browser's start.
    await Promise.all(workers.map((worker) => worker.waitForLog('job done', START_TIMEOUT_MS)));
    const memory = sampleMemory(workers);
    const cpuAtStart = workersCpuSeconds(workers);
    const windowStart = new Date();
    await sleep(WINDOW_MS);
    const windowEnd = new Date();
    const cpuSeconds = workersCpuSeconds(workers) - cpuAtStart;
    const peaks = memory.stop();
    return {
      workers: count,
      finishedAt: await jobsFinishedBetween(run.database.db, windowStart, windowEnd),
      windowMs: windowEnd.getTime() - windowStart.getTime(),
      peakBytesPerWorker: peaks.reduce((sum, bytes) => sum + bytes, 0) / peaks.length,
      cpuSeconds,
      failed: await failedJobs(run.database.db),
      ranDry: (await pendingSubmissions(run.database.db)) === 0,
    };
  } finally {
    // Stopped while the owner still answers: a job in its login finishes instead of waiting out the grace.
    await Promise.all(workers.map((worker) => worker.stop()));
    owner.done = true;
    await answering;
    await run.portal.close();
    await run.database.dispose();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

async function prepareRun(engine: Engine): Promise<Run> {
  const database = engine === 'PostgreSQL' ? await createPostgresDatabase() : await createSqliteDatabase();
  const simulator = createPortalSimulator({ layout: 'spa', generatedStores: STORES, rowVisibleDelayMs: 0 });
  const portal = await simulator.listen(0);
  const credentialsKey = randomBytes(32);
  await seedStores(database.db, credentialsKey);
  return { database, portal, portalAnswers: `${portal.url}/__sim/captcha-answer`, credentialsKey };
}

/** One owner per simulator store, with its login sealed and two ranges queued for the period that just ended (not yet submitted). */
async function seedStores(db: Db, credentialsKey: Buffer): Promise<void> {
  const vault = createVault(singleKeyRing(credentialsKey));
  const now = new Date();
  const period = periodKey(justEndedPeriod(now));
  const { accounts, allocations } = generateStores(STORES);
  for (const [index, account] of accounts.entries()) {
    const allocation = allocations[index];
    if (!allocation) throw new Error(`no allocation for ${account.account}`);
    const owner = `U-bench-${index}`;
    await ensureOwner(db, owner, now);
    const store = await createStore(db, { ownerLineUserId: owner, ubn: account.ubn, branchUbn: account.ubn, invoiceType: '07', displayName: account.name }, now);
    await saveSealedCredentials(db, store.id, sealCredentials(vault, store.id, new PortalCredentials(account.ubn, account.account, account.password)), now);
    const row = await ensureStorePeriod(db, store.id, period, now);
    const start = Number(allocation.start);
    await db.transaction().execute(async (trx) => {
      await replaceQueuedRanges(trx, row.id, [
        { track: allocation.track, start, end: start + 49 },
        { track: allocation.track, start: start + 100, end: start + 149 },
      ], now);
      await setPeriodState(trx, row.id, 'queued', now);
    });
  }
}

/** Every store's submission at once, as when a period's deadline brings everyone in. */
async function queueAllSubmissions(db: Db): Promise<void> {
  const now = new Date();
  const periods = await db.selectFrom('store_periods').select('id').execute();
  await db.transaction().execute(async (trx) => {
    for (const { id } of periods) await queueSubmission(trx, id, now);
  });
}

function startWorker(run: Run, dataDir: string): StartedProcess {
  return startScript('src/worker-main.ts', {
    cwd: dataDir,
    env: {
      DATABASE_URL: run.database.url,
      CREDENTIALS_KEY: run.credentialsKey.toString('base64'),
      PORTAL_BASE_URL: run.portal.url,
      PUBLIC_BASE_URL: 'https://bot.example.test',
      // The check after a submission stays out of the window.
      VERIFY_DELAY: '10h',
      WORKER_CONCURRENCY: '1',
      // 'job done' lines mark each worker's warm-up.
      LOG_LEVEL: 'info',
      ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}),
    },
  });
}

/** Plays every owner: answers each captcha the relay shows, with the answer the simulator knows. */
async function answerCaptchas(run: Run, stop: { done: boolean }): Promise<void> {
  while (!stop.done) {
    // A failed look (a busy SQLite file) is only a late answer: the next look tries again.
    await answerWaiting(run).catch((error: unknown) => progress(`answering a captcha failed: ${String(error)}`));
    await sleep(ANSWER_POLL_MS);
  }
}

async function answerWaiting(run: Run): Promise<void> {
  const { db } = run.database;
  const waiting = await db.selectFrom('captcha_requests').select(['id', 'line_user_id']).where('status', '=', 'waiting').execute();
  for (const request of waiting) {
    const answer = await answerFor(run, request.line_user_id);
    if (!answer) continue;
    await db
      .updateTable('captcha_requests')
      .set({ status: 'answered', answer, answered_at: new Date().toISOString() })
      .where('id', '=', request.id)
      .where('status', '=', 'waiting')
      .execute();
  }
}

async function answerFor(run: Run, lineUserId: string): Promise<string | undefined> {
  const image = await run.database.db
    .selectFrom('images')
    .select('data_base64')
    .where('line_user_id', '=', lineUserId)
    .where('purpose', '=', 'captcha')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!image) return undefined;
  const sha256 = createHash('sha256').update(Buffer.from(image.data_base64, 'base64')).digest('hex');
  const body = (await (await fetch(`${run.portalAnswers}?sha256=${sha256}`)).json()) as { answer?: string };
  return body.answer;
}

/** Peak memory of each worker's process tree (Node and its Chromium) while the window runs. */
function sampleMemory(workers: readonly StartedProcess[]): { stop(): number[] } {
  const peaks = workers.map(() => 0);
  const sample = () => {
    for (const [i, worker] of workers.entries()) {
      if (worker.child.pid) peaks[i] = Math.max(peaks[i] ?? 0, treeRssBytes(worker.child.pid));
    }
  };
  sample();
  const timer = setInterval(sample, MEMORY_SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time used so far by the worker processes and all their descendants (Chromium), from /proc.
 * A descendant that exited is counted through its parent's reaped-children time.
 */
function workersCpuSeconds(workers: readonly StartedProcess[]): number {
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    ticks.set(stat.pid, stat.ticks);
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
  }
  let total = 0;
  const stack = workers.flatMap((worker) => (worker.child.pid ? [worker.child.pid] : []));
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    total += ticks.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total / CLOCK_TICKS_PER_SECOND;
}

function readStat(pid: number): { pid: number; ppid: number; ticks: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state ppid … utime stime cutime cstime (14–17).
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i] ?? 0));
    return { pid, ppid: Number(fields[1]), ticks: (utime ?? 0) + (stime ?? 0) + (cutime ?? 0) + (cstime ?? 0) };
  } catch {
    return undefined;
  }
}

async function jobsFinishedBetween(db: Db, from: Date, to: Date): Promise<number[]> {
  const rows = await db
    .selectFrom('jobs')
    .select('finished_at')
    .where('kind', '=', 'submit')
    .where('state', '=', 'done')
    .where('finished_at', '>=', from.toISOString())
    .where('finished_at', '<', to.toISOString())
    .orderBy('finished_at')
    .execute();
  return rows.map((row) => Date.parse(row.finished_at ?? ''));
}

/** Submissions that failed or were retried: a figure from a run with errors is not a throughput. */
async function failedJobs(db: Db): Promise<number> {
  const rows = await db
    .selectFrom('jobs')
    .select('id')
    .where('kind', '=', 'submit')
    .where((eb) => eb.or([eb('state', '=', 'dead'), eb('attempts', '>', 1), eb('last_error', 'is not', null)]))
    .execute();
  return rows.length;
}

async function pendingSubmissions(db: Db): Promise<number> {
  const rows = await db.selectFrom('jobs').select('id').where('kind', '=', 'submit').where('state', '=', 'pending').execute();
  return rows.length;
}

function progress(message: string): void {
  process.stderr.write(`  workers: ${message}\n`);
}

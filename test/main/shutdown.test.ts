// Stopping `npm start` and `npm run worker` with SIGTERM (a host) or SIGINT (Ctrl+C): the process exits 0,
// and a job that was waiting for the owner's captcha answer is given back at once, not held until its
// lease expires. Durations are printed, not asserted: bench/shutdown.ts holds them to their target.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test, type TestContext } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { freePort, startScript, type StartedProcess } from '../support/process.ts';
import { openLocalOwner, type LocalOwner } from './local-owner.ts';

/** Far more than the 5 s deadline: only a process that never exits fails on time. */
const EXIT_TIMEOUT_MS = 15_000;

const running: StartedProcess[] = [];
const owners: LocalOwner[] = [];
const folders: string[] = [];

afterEach(async () => {
  for (const owner of owners.splice(0)) owner.close();
  await Promise.all(running.splice(0).map((p) => p.stop()));
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bot-shutdown-'));
  folders.push(dir);
  return dir;
}

function start(script: 'src/main.ts' | 'src/worker-main.ts', cwd: string, env: Record<string, string> = {}): StartedProcess {
  const started = startScript(script, {
    cwd,
    env: { ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}), ...env },
  });
  running.push(started);
  return started;
}

/** Sends the signal and resolves with the exit code and how long the exit took. */
async function stopWith(t: TestContext, bot: StartedProcess, signal: NodeJS.Signals, label: string): Promise<{ code: number | null; ms: number }> {
  const began = performance.now();
  bot.child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    bot.exited,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not exited ${EXIT_TIMEOUT_MS} ms after ${signal}:\n${bot.output()}`)), EXIT_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  const ms = Math.round(performance.now() - began);
  t.diagnostic(`${label}: exited ${code} ${ms} ms after ${signal}`);
  return { code, ms };
}

interface JobRow {
  readonly kind: string;
  readonly state: string;
  readonly attempts: number;
  readonly locked_by: string | null;
  readonly locked_until: string | null;
}

function readDatabase(cwd: string): { jobs: JobRow[]; openCaptchas: number } {
  const db = new SqliteDatabase(join(cwd, 'data', 'bot.db'), { readonly: true });
  try {
    const jobs = db.prepare("select kind, state, attempts, locked_by, locked_until from jobs where kind = 'submit'").all() as JobRow[];
    const { open } = db.prepare("select count(*) as open from captcha_requests where status in ('queued', 'waiting', 'refreshing')").get() as { open: number };
    return { jobs, openCaptchas: open };
  } finally {
    db.close();
  }
}

function captchaWaiting(cwd: string): boolean {
  const db = new SqliteDatabase(join(cwd, 'data', 'bot.db'), { readonly: true });
  try {
    return Boolean(db.prepare("select 1 from captcha_requests where status = 'waiting'").get());
  } finally {
    db.close();
  }
}

describe('shutdown', () => {
  test('npm start, SIGTERM while a captcha waits for the owner: exits 0 and the submission is given back at once', { timeout: 180_000 }, async (t) => {
    const cwd = freshFolder();
    const bot = start('src/main.ts', cwd, { PORT: String(await freePort()) });
    const local = await bot.waitForLog(/^Local mode/, 30_000);
    const owner = await openLocalOwner(String(local.playground));
    owners.push(owner);
    await owner.reachPendingCaptcha();
    assert.equal(captchaWaiting(cwd), true, 'the captcha is shown and waits for the answer');
    const before = readDatabase(cwd).jobs;
    assert.deepEqual(before.map((job) => [job.state, job.attempts]), [['running', 1]], 'the submission is running, waiting for the owner');

    const { code } = await stopWith(t, bot, 'SIGTERM', 'npm start with a pending captcha');

    assert.equal(code, 0, bot.output());
    const after = readDatabase(cwd);
    assert.equal(after.jobs.length, 1);
    const [job] = after.jobs;
    assert.equal(job?.state, 'pending', 'back in the queue for the next start');
    assert.equal(job?.attempts, 0, 'without spending an attempt');
    assert.equal(job?.locked_by, null, 'no lease left behind');
    assert.equal(job?.locked_until, null);
    assert.equal(after.openCaptchas, 0, 'no captcha left open for an answer nobody waits for');
    assert.match(bot.output(), /job given back at shutdown without spending an attempt/);
    assert.doesNotMatch(bot.output(), /shutdown did not finish/);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`npm start (local mode), idle: ${signal} exits 0`, async (t) => {
      const bot = start('src/main.ts', freshFolder(), { PORT: '0' });
      await bot.waitForLog(/^Local mode/, 30_000);
      const { code } = await stopWith(t, bot, signal, 'npm start, idle');
      assert.equal(code, 0, bot.output());
      assert.match(bot.output(), new RegExp(`"signal":"${signal}","msg":"shutting down"`));
    });

    test(`npm run worker: ${signal} exits 0`, async (t) => {
      const bot = start('src/worker-main.ts', freshFolder());
      await bot.waitForLog(/^Worker: /, 30_000);
      const { code } = await stopWith(t, bot, signal, 'npm run worker, idle');
      assert.equal(code, 0, bot.output());
      assert.match(bot.output(), /"msg":"stopped"/);
    });
  }

  test('a shutdown that hangs is cut short by the deadline, with a warning', async (t) => {
    const bot = startScript('test/main/hanging-shutdown.fixture.ts', { cwd: freshFolder(), env: {} });
    running.push(bot);
    await bot.waitForLog('ready');
    const { code } = await stopWith(t, bot, 'SIGTERM', 'hanging shutdown');
    assert.equal(code, 1);
    const warning = await bot.waitForLog(/^shutdown did not finish within 300 ms/);
    assert.equal(warning.level, 40);
  });
});

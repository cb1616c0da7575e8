import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { justEndedPeriod, periodKey } from '../../src/invoice/period.ts';
import { queueSubmission } from '../../src/jobs/submissions.ts';
import { generateStores } from '../../src/sim/portal/fixture.ts';
import { createPortalSimulator } from '../../src/sim/portal/index.ts';
import { createStore, ensureOwner, ensureStorePeriod, saveSealedCredentials, setPeriodState } from '../../src/stores/repository.ts';
import { PortalCredentials, sealCredentials } from '../../src/vault/credentials.ts';
import { singleKeyRing } from '../../src/vault/key-ring.ts';
import { createVault } from '../../src/vault/vault.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startScript, type StartedProcess } from '../support/process.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SUBMISSIONS = 20;
const key = randomBytes(32);
let database: TestDatabase;
let simulator: ReturnType<typeof createPortalSimulator>;
let portal: { url: string; close(): Promise<void> };

before(async () => {
  database = await createTestDatabase();
  simulator = createPortalSimulator({ generatedStores: SUBMISSIONS });
  portal = await simulator.listen(0);
});
after(async () => {
  await portal.close();
  await database.dispose();
});

/** Twenty owners, each with one store and two ranges queued for the period that just ended. */
async function queueTwentySubmissions(): Promise<Map<string, string>> {
  const vault = createVault(singleKeyRing(key));
  const { db } = database;
  const now = new Date();
  const owners = new Map<string, string>();
  const { accounts, allocations } = generateStores(SUBMISSIONS);
  for (const [index, account] of accounts.entries()) {
    const owner = `U-crash-${index}`;
    await ensureOwner(db, owner, now);
    const store = await createStore(db, { ownerLineUserId: owner, ubn: account.ubn, branchUbn: account.ubn, invoiceType: '07', displayName: account.name }, now);
    await saveSealedCredentials(db, store.id, sealCredentials(vault, store.id, new PortalCredentials(account.ubn, account.account, account.password)), now);
    const allocation = allocations[index];
    assert.ok(allocation);
    const start = Number(allocation.start);
    const row = await ensureStorePeriod(db, store.id, periodKey(justEndedPeriod(now)), now);
    await db.transaction().execute(async (trx) => {
      const { replaceQueuedRanges } = await import('../../src/stores/repository.ts');
      await replaceQueuedRanges(trx, row.id, [
        { track: allocation.track, start, end: start + 49 },
        { track: allocation.track, start: start + 100, end: start + 149 },
      ], now);
      await setPeriodState(trx, row.id, 'queued', now);
      await queueSubmission(trx, row.id, now);
    });
    owners.set(owner, store.id);
  }
  return owners;
}

/** Plays every owner: reads each captcha image the worker relays and answers it. */
function answerCaptchas(stop: { done: boolean }): Promise<void> {
  return (async () => {
    while (!stop.done) {
      const waiting = await database.db.selectFrom('captcha_requests').select(['id', 'line_user_id']).where('status', '=', 'waiting').execute();
      for (const request of waiting) {
        const image = await database.db.selectFrom('images').select('data_base64').where('line_user_id', '=', request.line_user_id).where('purpose', '=', 'captcha').orderBy('created_at', 'desc').executeTakeFirst();
        if (!image) continue;
        const sha256 = createHash('sha256').update(Buffer.from(image.data_base64, 'base64')).digest('hex');
        const { answer } = (await (await fetch(`${portal.url}/__sim/captcha-answer?sha256=${sha256}`)).json()) as { answer?: string };
        if (answer) await database.db.updateTable('captcha_requests').set({ status: 'answered', answer, answered_at: new Date().toISOString() }).where('id', '=', request.id).where('status', '=', 'waiting').execute();
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
}

function startWorker(): StartedProcess {
  return startScript('src/worker-main.ts', {
    cwd: mkdtempSync(join(tmpdir(), 'crash-worker-')),
    env: {
      DATABASE_URL: database.url,
      CREDENTIALS_KEY: key.toString('base64'),
      PORTAL_BASE_URL: portal.url,
      PUBLIC_BASE_URL: 'https://bot.example.test',
      VERIFY_DELAY: '10h',
      WORKER_CONCURRENCY: '2',
      JOB_LEASE: '10s', // short, so a killed worker's jobs come back soon; a heartbeat renews it every ~3 s
      LOG_LEVEL: 'warn',
      ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}),
    },
  });
}

async function openSubmitJobs(): Promise<number> {
  const rows = await database.db.selectFrom('jobs').select('id').where('kind', '=', 'submit').where('state', 'in', ['pending', 'running']).execute();
  return rows.length;
}

/** What is still open when the submissions run out of time: the unfinished jobs and their owners' captcha requests. */
async function openWorkReport(): Promise<string> {
  const jobs = await database.db.selectFrom('jobs').select(['id', 'state', 'attempts', 'run_at', 'locked_by', 'locked_until', 'last_error']).where('kind', '=', 'submit').where('state', 'in', ['pending', 'running']).execute();
  const captchas = await database.db
    .selectFrom('captcha_requests')
    .select(['job_id', 'status', 'place', 'asked_at', 'expires_at'])
    .where('job_id', 'in', jobs.length > 0 ? jobs.map((job) => job.id) : [''])
    .execute();
  return JSON.stringify({ now: new Date().toISOString(), jobs, captchas }, null, 1);
}

describe('crash safety', () => {
  test('20 submissions with the worker killed at random points: every range saved once, every owner told once', { timeout: 600_000 }, async () => {
    const owners = await queueTwentySubmissions();
    const stop = { done: false };
    const answering = answerCaptchas(stop);
    let kills = 0;
    const deadline = Date.now() + 540_000;
    try {
      while ((await openSubmitJobs()) > 0) {
        if (Date.now() >= deadline) assert.fail(`submissions did not finish in time; still open:\n${await openWorkReport()}`);
        const worker = startWorker();
        if (kills < 6) {
          await new Promise((resolve) => setTimeout(resolve, 2500 + Math.random() * 4000));
          worker.child.kill('SIGKILL');
          await worker.exited;
          kills += 1;
        } else {
          while ((await openSubmitJobs()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
          await worker.stop();
        }
      }
    } finally {
      // Also when the test fails: the captcha loop must not outlive the database.
      stop.done = true;
      await answering;
    }

    assert.ok(kills >= 6);
    const jobs = await database.db.selectFrom('jobs').select(['state', 'attempts', 'last_error']).where('kind', '=', 'submit').execute();
    const unfinished = jobs.filter((job) => job.state !== 'done');
    assert.deepEqual(unfinished, [], 'every submission finished');
    const saved = simulator.state.rows();
    assert.equal(saved.length, SUBMISSIONS * 2, 'every range is on the platform');
    const distinct = new Set(saved.map((row) => `${row.track}${row.start}`));
    assert.equal(distinct.size, saved.length, 'no range is on the platform twice');

    for (const owner of owners.keys()) {
      const results = await database.db
        .selectFrom('outbox')
        .select('purpose')
        .where('line_user_id', '=', owner)
        .where((eb) => eb.or([eb('purpose', 'like', 'submitted:%'), eb('purpose', 'like', 'refused:%'), eb('purpose', 'like', 'gave-up:%')]))
        .execute();
      assert.deepEqual(results.map((r) => r.purpose.split(':')[0]), ['submitted'], `${owner} got exactly one result`);
    }
    const states = await database.db.selectFrom('store_periods').select('state').execute();
    assert.ok(states.every((s) => s.state === 'submitted'));
  });
});

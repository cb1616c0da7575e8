// The scale-out split as deployed: `npm start` with PROCESS_EVENTS=false only verifies, stores and
// acknowledges; `npm run worker` processes the events, delivers the answers and runs the jobs. Both
// are real child processes on one database (SQLite here, PostgreSQL when the run is on it), against
// the fake LINE platform in this process over HTTP.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createFakeLinePlatform } from '../../src/sim/line/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { freePort, startScript, type StartedProcess } from '../support/process.ts';

const OWNERS = 5;
const folder = mkdtempSync(join(tmpdir(), 'ingest-and-worker-'));
const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  rmSync(folder, { recursive: true, force: true });
});

test('a web process that only acknowledges, and a worker that answers what it stored', { timeout: 60_000 }, async () => {
  const database: TestDatabase = await createTestDatabase();
  cleanups.push(() => database.dispose());
  const channelSecret = randomBytes(16).toString('hex');
  const channelAccessToken = randomBytes(24).toString('base64url');
  const fake = createFakeLinePlatform({ channelSecret, channelAccessToken, monthlyQuota: 10_000 });
  const line = await fake.listen(0);
  cleanups.push(() => line.close());
  const port = await freePort();
  const env = {
    DATABASE_URL: database.url,
    LINE_CHANNEL_SECRET: channelSecret,
    LINE_CHANNEL_ACCESS_TOKEN: channelAccessToken,
    LINE_API_BASE_URL: line.url,
    CREDENTIALS_KEY: randomBytes(32).toString('base64'),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    RUN_WORKER: 'false',
    LOG_LEVEL: 'info',
  };
  const web = track(startScript('src/main.ts', { cwd: folder, env: { ...env, PORT: String(port), HOST: '127.0.0.1', PROCESS_EVENTS: 'false' } }));
  await web.waitForLog(/^listening \(acknowledging only/, 20_000);
  fake.setWebhookUrl(`http://127.0.0.1:${port}/webhook`);

  const owners = Array.from({ length: OWNERS }, (_, i) => `U${(0xfeed00 + i).toString(16).padStart(32, '0')}`);
  for (const owner of owners) {
    assert.equal((await fake.follow(owner)).status, 200);
    assert.equal((await fake.sendText(owner, '說明')).status, 200);
  }
  // Acknowledged and stored, and nothing answered: the web process does not process.
  await sleep(1000);
  assert.equal(fake.replies().length + fake.pushes().length, 0);
  const stored = await database.db.selectFrom('webhook_inbox').select(['status']).execute();
  assert.equal(stored.length, OWNERS * 2);
  assert.ok(stored.every((row) => row.status === 'pending'));

  const worker = track(startScript('src/worker-main.ts', { cwd: folder, env }));
  await worker.waitForLog('worker started', 20_000);
  const deadline = Date.now() + 20_000;
  while (fake.replies().length < OWNERS * 2 && Date.now() < deadline) await sleep(50);
  const replies = fake.replies();
  assert.equal(replies.length, OWNERS * 2, 'every follow and every 說明 answered by reply');
  for (const owner of owners) assert.equal(replies.filter((reply) => reply.userId === owner).length, 2);
  assert.equal(fake.pushes().length, 0);
  // The web process never called LINE: every call came while only the worker could make it.
  assert.doesNotMatch(web.output(), /message delivery failed|settling a message/);
});

function track(started: StartedProcess): StartedProcess {
  cleanups.push(() => started.stop());
  return started;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

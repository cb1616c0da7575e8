import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { startScript, type StartedProcess } from './support/process.ts';

const running: StartedProcess[] = [];
const folders: string[] = [];

function freshFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bot-start-'));
  folders.push(dir);
  return dir;
}

function start(cwd: string, env: Record<string, string> = {}): StartedProcess {
  const started = startScript('src/main.ts', { cwd, env: { PORT: '0', ...env } });
  running.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A LINE channel with a real key and http://127.0.0.1 addresses (tests, local fakes): production mode. */
function channelOnLoopback(): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    LINE_CHANNEL_SECRET: 'secret-value',
    LINE_CHANNEL_ACCESS_TOKEN: 'token-value',
    LINE_API_BASE_URL: 'http://127.0.0.1:9',
    CREDENTIALS_KEY: randomBytes(32).toString('base64'),
    PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
    PORTAL_BASE_URL: 'http://127.0.0.1:4000/',
    RUN_WORKER: 'false',
  };
}

describe('npm start', () => {
  test('with no environment: serves /healthz, creates the schema under ./data, says what LINE needs', async () => {
    const cwd = freshFolder();
    const bot = start(cwd);
    const began = Date.now();
    const listening = await bot.waitForLog('listening', 10_000);
    const response = await fetch(`${String(listening.url)}/healthz`);
    assert.equal(response.status, 200);
    assert.ok(Date.now() - began < 10_000);

    const local = await bot.waitForLog(/^Local mode/);
    assert.match(String(local.playground), /^http:\/\/localhost:\d+\/playground$/);
    assert.match(String(local.portalSimulator), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(bot.output(), /LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN/);
    assert.equal(listening.url?.toString().startsWith('http://127.0.0.1:'), true);

    const files = readdirSync(join(cwd, 'data'));
    assert.ok(files.includes('bot.db'));
    assert.ok(files.includes('development-credentials.key'));
    const tables = new SqliteDatabase(join(cwd, 'data', 'bot.db'), { readonly: true })
      .prepare("select name from sqlite_master where type = 'table'")
      .all()
      .map((row) => (row as { name: string }).name);
    for (const table of ['owners', 'stores', 'store_periods', 'period_ranges', 'conversations', 'webhook_inbox', 'jobs', 'push_log', 'outbox']) {
      assert.ok(tables.includes(table), `missing table ${table}`);
    }
  });

  test('the first lines say in plain words what runs where and what to open', async () => {
    const bot = start(freshFolder());
    await bot.waitForLog(/^Real LINE channel: /);
    const first = bot
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .slice(0, 6)
      .map((line) => String((JSON.parse(line) as { msg: unknown }).msg));
    assert.match(first[0] ?? '', /^Local mode: no LINE channel is configured, so LINE and the e-invoice platform are simulated on this machine$/);
    assert.match(first[1] ?? '', /^Playground: open http:\/\/localhost:\d+\/playground in your browser$/);
    assert.match(first[2] ?? '', /^Platform simulator: http:\/\/127\.0\.0\.1:\d+ stands in for the e-invoice platform$/);
    assert.equal(first[3], 'Database: sqlite file ./data/bot.db');
    assert.equal(first[4], 'Worker: running in this process');
    assert.match(first[5] ?? '', /^Real LINE channel: set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN/);
    assert.doesNotMatch(bot.output(), /^-{10}/m, 'no banner when the output is not a terminal');
  });

  test('with a LINE channel the first lines name the webhook URL to register', async () => {
    const bot = start(freshFolder(), channelOnLoopback());
    const production = await bot.waitForLog(/^Production mode: /, 15_000);
    assert.equal(production.webhook, 'http://127.0.0.1:3000/webhook');
    await bot.waitForLog(/^Worker: /);
    const records = bot
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; level: number });
    assert.match(records[0]?.msg ?? '', /^Production mode: LINE channel configured, listening on http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(records[1]?.msg, 'Webhook: register http://127.0.0.1:3000/webhook as the Webhook URL of the channel (LINE Developers console, Messaging API)');
    assert.equal(records[2]?.msg, 'Database: sqlite file ./data/bot.db');
    assert.equal(records[3]?.msg, 'Worker: not in this process (RUN_WORKER=false): run `npm run worker` beside it');
    assert.doesNotMatch(bot.output(), /secret-value|token-value/);
  });

  test('keeps the development key across restarts', async () => {
    const cwd = freshFolder();
    const first = start(cwd);
    const created = await first.waitForLog(bot_key_message);
    await first.stop();
    const second = start(cwd);
    const reused = await second.waitForLog(bot_key_message);
    assert.equal(created.created, true);
    assert.equal(reused.created, false);
  });

  test('in production a missing secret stops start-up with every fix listed', async () => {
    const bot = start(freshFolder(), { NODE_ENV: 'production' });
    assert.equal(await bot.exited, 1);
    for (const name of ['LINE_CHANNEL_SECRET', 'LINE_CHANNEL_ACCESS_TOKEN', 'CREDENTIALS_KEY', 'PUBLIC_BASE_URL']) {
      assert.match(bot.output(), new RegExp(`${name} is required in production`));
    }
  });

  test('with a LINE channel but no NODE_ENV: no CREDENTIALS_KEY and plain-http addresses stop start-up, no development key is made', async () => {
    const cwd = freshFolder();
    const bot = start(cwd, {
      LINE_CHANNEL_SECRET: 'secret-value',
      LINE_CHANNEL_ACCESS_TOKEN: 'token-value',
      PUBLIC_BASE_URL: 'http://bot.example.com',
      PORTAL_BASE_URL: 'http://portal.example.com',
    });
    assert.equal(await bot.exited, 1);
    const output = bot.output();
    assert.match(output, /CREDENTIALS_KEY is required when a LINE channel is configured .*`npm run generate-key`/);
    assert.match(output, /PUBLIC_BASE_URL must use https when a LINE channel is configured/);
    assert.match(output, /PORTAL_BASE_URL must use https when a LINE channel is configured/);
    assert.doesNotMatch(output, /listening/);
    assert.ok(!existsSync(join(cwd, 'data', 'development-credentials.key')), 'no development key next to the database');
  });

  test('with a LINE channel an all-zero CREDENTIALS_KEY stops start-up', async () => {
    const bot = start(freshFolder(), {
      LINE_CHANNEL_SECRET: 'secret-value',
      LINE_CHANNEL_ACCESS_TOKEN: 'token-value',
      CREDENTIALS_KEY: Buffer.alloc(32).toString('base64'),
    });
    assert.equal(await bot.exited, 1);
    assert.match(bot.output(), /CREDENTIALS_KEY: key "[\w-]+" is all zeros, .*`npm run generate-key`/);
  });

  test('with a LINE channel, a real key and http://127.0.0.1 addresses (tests, local fakes) it starts', async () => {
    const bot = start(freshFolder(), channelOnLoopback());
    const configured = await bot.waitForLog('LINE channel configured', 15_000);
    assert.equal(configured.webhook, 'http://127.0.0.1:3000/webhook');
  });

  test('a failing migration stops the process with the error', async () => {
    const cwd = freshFolder();
    const path = join(cwd, 'broken.db');
    // A table the first migration wants to create already exists with another shape.
    new SqliteDatabase(path).exec('create table owners (something text)');
    const bot = start(cwd, { DATABASE_URL: `sqlite:${path}` });
    assert.equal(await bot.exited, 1);
    const failure = await bot.waitForLog('start-up failed').catch(() => undefined);
    const error = failure?.err as { message?: string } | undefined;
    assert.match(error?.message ?? bot.output(), /migration 20261125T0001_create_owners failed: table "owners" already exists/);
  });
});

const bot_key_message =
  'CREDENTIALS_KEY is not set: using a development key kept in the data folder (never do this in production)';

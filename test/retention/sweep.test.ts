import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { newHolderId } from '../../src/line/lane-leases.ts';
import { createLogger } from '../../src/log.ts';
import { dataReport, formatDataReport } from '../../src/retention/report.ts';
import { RetentionScheduler } from '../../src/retention/scheduler.ts';
import { defaultRetentionSettings, retentionSettingsOf } from '../../src/retention/settings.ts';
import { RETENTION_LANE, sweepRetention } from '../../src/retention/sweep.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { capturingLogger } from '../support/log.ts';
import { startScript } from '../support/process.ts';
import { DAY, EXPECTED_COUNTS, GONE, HERE, HOUR, LEFT, seedEveryKind } from './seed.ts';

/** Midday in Taipei on 15 March 2027: the push log's current month is 2027-03. */
const NOW = new Date('2027-03-15T04:00:00.000Z');
const settings = defaultRetentionSettings();
const silent = createLogger('silent');

let database: TestDatabase;
let dataDir: string;

beforeEach(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'retention-data-'));
});

afterEach(async () => {
  await database.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

const sweep = (options: { now?: Date; holder?: string; log?: typeof silent } = {}) =>
  sweepRetention({ db: database.db, log: options.log ?? silent, now: options.now ?? NOW, settings, dataDir, holder: options.holder ?? newHolderId() });

const ids = async (table: 'webhook_inbox' | 'outbox' | 'jobs' | 'push_log' | 'images' | 'credential_forms' | 'full_lists' | 'held_replies' | 'platform_sessions' | 'owners') => {
  const column = { webhook_inbox: 'webhook_event_id', outbox: 'id', jobs: 'id', push_log: 'id', images: 'token_hash', credential_forms: 'token_hash', full_lists: 'token_hash', held_replies: 'reply_token', platform_sessions: 'store_id', owners: 'line_user_id' }[table];
  const rows = (await database.db.selectFrom(table).select(`${column} as id` as never).execute()) as unknown as { id: string }[];
  return rows.map((row) => row.id).sort();
};

describe('retention defaults', () => {
  test('are the documented ones', () => {
    assert.deepEqual(
      { ...settings },
      {
        sweepEveryMs: HOUR,
        inboxReduceAfterMs: DAY,
        inboxDeleteAfterMs: 30 * DAY,
        outboxReduceAfterMs: DAY,
        outboxDeleteAfterMs: 30 * DAY,
        jobsReduceAfterMs: 7 * DAY,
        jobsDeleteAfterMs: 395 * DAY,
        pushLogDeleteAfterMs: 395 * DAY,
        heldRepliesAfterMs: HOUR,
        platformSessionsAfterMs: DAY,
        diagnosticsAfterMs: 7 * DAY,
        afterUnfollowMs: 30 * DAY,
      },
    );
  });
});

describe('retention settings', () => {
  test('each is overridable by env, and a bad one is reported with its default', () => {
    const config = loadConfig({ RETENTION_INBOX_DELETE_AFTER: '10d', RETENTION_SWEEP_EVERY: '30m', RETENTION_AFTER_UNFOLLOW: '7d' });
    const overridden = retentionSettingsOf(config);
    assert.equal(overridden.inboxDeleteAfterMs, 10 * DAY);
    assert.equal(overridden.sweepEveryMs, HOUR / 2);
    assert.equal(overridden.afterUnfollowMs, 7 * DAY);
    assert.equal(overridden.outboxDeleteAfterMs, 30 * DAY);
    assert.throws(() => loadConfig({ RETENTION_JOBS_REDUCE_AFTER: 'a week' }), (error: unknown) => error instanceof ConfigError && /RETENTION_JOBS_REDUCE_AFTER .*default 7d/.test(error.message));
  });
});

describe('retention sweep', () => {
  test('reduces and removes exactly what is past its time, and keeps the rest as it was', async () => {
    await seedEveryKind(database.db, NOW, dataDir);
    const { log, text } = capturingLogger();
    const result = await sweep({ log });
    assert.equal(result.databaseSwept, true);
    assert.deepEqual(result.failed, []);
    assert.deepEqual(result.counts, EXPECTED_COUNTS);

    // One log line with the counts.
    const lines = text().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'retention sweep');
    assert.equal(lines.length, 1);
    for (const [key, count] of Object.entries(EXPECTED_COUNTS)) assert.equal(lines[0]?.[key], count, key);

    const db = database.db;
    // Inbox: processed over a day: id kept, payload and user gone; over 30 days: deleted; pending untouched.
    assert.deepEqual(await ids('webhook_inbox'), ['ev-done-2d', 'ev-done-fresh', 'ev-failed-3d', 'ev-pending-old', 'ev-reduced-3d']);
    const inbox = new Map((await db.selectFrom('webhook_inbox').selectAll().execute()).map((row) => [row.webhook_event_id, row]));
    for (const id of ['ev-done-2d', 'ev-failed-3d']) {
      assert.equal(inbox.get(id)?.payload_json, '{}', id);
      assert.equal(inbox.get(id)?.line_user_id, null, id);
    }
    assert.equal(inbox.get('ev-failed-3d')?.status, 'failed');
    for (const id of ['ev-done-fresh', 'ev-pending-old']) {
      assert.match(inbox.get(id)?.payload_json ?? '', /my secret ranges/, id);
      assert.equal(inbox.get(id)?.line_user_id, HERE, id);
    }

    // Outbox: delivered over a day: bodies and token gone; over 30 days: deleted; pending and sending untouched.
    assert.deepEqual(await ids('outbox'), ['out-failed-3d', 'out-pending-old', 'out-sending-5d', 'out-sent-2d', 'out-sent-fresh']);
    const outbox = new Map((await db.selectFrom('outbox').selectAll().execute()).map((row) => [row.id, row]));
    for (const id of ['out-sent-2d', 'out-failed-3d']) {
      assert.equal(outbox.get(id)?.messages_json, '[]', id);
      assert.equal(outbox.get(id)?.reply_token, null, id);
      assert.equal(outbox.get(id)?.line_user_id, HERE, id);
    }
    for (const id of ['out-pending-old', 'out-sending-5d', 'out-sent-fresh']) {
      assert.match(outbox.get(id)?.messages_json ?? '', /your ranges/, id);
      assert.equal(outbox.get(id)?.reply_token, `reply-token-${id}`, id);
    }

    // Captcha answers: cleared once closed with the job stopped; the running job's answer stays.
    const answers = Object.fromEntries((await db.selectFrom('captcha_requests').select(['id', 'answer']).execute()).map((row) => [row.id, row.answer]));
    assert.deepEqual(answers, {
      'cap-answered-job-done': null,
      'cap-answered-job-running': '5678',
      'cap-cancelled': null,
      'cap-expired-no-answer': null,
      'cap-waiting': null,
    });

    // Lapsed links deleted, live ones kept.
    assert.deepEqual(await ids('images'), ['img-valid']);
    assert.deepEqual(await ids('credential_forms'), ['form-valid']);
    assert.deepEqual(await ids('full_lists'), ['list-valid']);
    assert.deepEqual(await ids('held_replies'), ['held-lapsed-30m', 'held-live']);
    assert.deepEqual(await ids('platform_sessions'), ['store-b']);

    // Jobs: finished over a week: counts only; over 395 days: deleted; open ones untouched.
    assert.deepEqual(await ids('jobs'), ['job-dead-10d', 'job-done-1d', 'job-done-1h', 'job-done-8d', 'job-pending', 'job-running']);
    const jobs = new Map((await db.selectFrom('jobs').selectAll().execute()).map((row) => [row.id, row]));
    for (const id of ['job-done-8d', 'job-dead-10d']) {
      assert.equal(jobs.get(id)?.payload_json, '{}', id);
      assert.equal(jobs.get(id)?.last_error, null, id);
      assert.equal(jobs.get(id)?.key, `submit:${id}`, id);
    }
    assert.equal(jobs.get('job-dead-10d')?.state, 'dead');
    for (const id of ['job-running', 'job-pending', 'job-done-1h', 'job-done-1d']) assert.match(jobs.get(id)?.payload_json ?? '', /period-of-/, id);

    // Push log: this month as it was; past months keep month, counts and the kind of purpose; over 395 days: deleted.
    const pushes = Object.fromEntries(
      (await db.selectFrom('push_log').select(['id', 'line_user_id', 'purpose', 'month', 'message_count', 'bubble_count']).execute()).map((row) => [
        row.id,
        [row.line_user_id, row.purpose, row.month, Number(row.message_count), Number(row.bubble_count)],
      ]),
    );
    assert.deepEqual(pushes, {
      'push-this-month': [HERE, 'remind:store-a:11502:5', '2027-03', 1, 2],
      'push-last-month': ['erased', 'remind', '2027-02', 1, 2],
      'push-last-month-plain': ['erased', 'conversation', '2027-02', 1, 2],
      'push-already-reduced': ['erased', 'captcha', '2027-01', 1, 2],
    });

    // The owner who left over 30 days ago is erased (with their store); the one who left 5 days ago is not yet.
    assert.deepEqual(await ids('owners'), [HERE, LEFT].sort());
    assert.equal((await db.selectFrom('stores').select('id').where('owner_line_user_id', '=', GONE).execute()).length, 0);

    // Diagnostics: files over a week old deleted.
    assert.deepEqual(readdirSync(join(dataDir, 'diagnostics')), ['new-step.png']);
  });

  test('a second sweep finds nothing left to change', async () => {
    await seedEveryKind(database.db, NOW, dataDir);
    const holder = newHolderId();
    await sweep({ holder });
    const again = await sweep({ holder });
    assert.equal(again.databaseSwept, true);
    assert.ok(Object.values(again.counts).every((count) => count === 0), JSON.stringify(again.counts));
  });

  test('two sweeps at once: only one sweeps the database, and not again within the interval', async () => {
    await seedEveryKind(database.db, NOW, dataDir);
    const results = await Promise.all([sweep({ holder: newHolderId() }), sweep({ holder: newHolderId() })]);
    assert.deepEqual(results.map((result) => result.databaseSwept).sort(), [false, true]);
    const swept = results.find((result) => result.databaseSwept);
    const skipped = results.find((result) => !result.databaseSwept);
    const { diagnosticsFilesDeleted: _files, ...databaseCounts } = EXPECTED_COUNTS;
    assert.deepEqual(Object.fromEntries(Object.entries(swept?.counts ?? {}).filter(([key]) => key !== 'diagnosticsFilesDeleted')), databaseCounts);
    // The other only swept this host's files (the same folder here, so whichever came second found them gone).
    assert.deepEqual(Object.keys(skipped?.counts ?? {}), ['diagnosticsFilesDeleted']);
    assert.equal((swept?.counts.diagnosticsFilesDeleted ?? 0) + (skipped?.counts.diagnosticsFilesDeleted ?? 0), 2);

    // Another process half an hour later: the database was swept within the hour.
    assert.equal((await sweep({ now: new Date(NOW.getTime() + HOUR / 2), holder: newHolderId() })).databaseSwept, false);
    // An hour on, the next one sweeps.
    assert.equal((await sweep({ now: new Date(NOW.getTime() + HOUR), holder: newHolderId() })).databaseSwept, true);
    const lease = await database.db.selectFrom('lane_leases').selectAll().where('lane', '=', RETENTION_LANE).executeTakeFirstOrThrow();
    assert.equal(lease.expires_at, new Date(NOW.getTime() + 2 * HOUR).toISOString());
  });

  test('the scheduler sweeps on its clock, once at a time, and stops cleanly', async () => {
    await seedEveryKind(database.db, NOW, dataDir);
    const scheduler = new RetentionScheduler({ db: database.db, log: silent, clock: { now: () => NOW }, settings, dataDir, firstAfterMs: 60_000 });
    scheduler.start();
    const [first, second] = await Promise.all([scheduler.tick(), scheduler.tick()]);
    assert.equal(first, second, 'a tick during a sweep waits for that sweep');
    assert.deepEqual(first?.counts, EXPECTED_COUNTS);
    await scheduler.stop();
  });
});

describe('data report', () => {
  test('lists every table and what the next sweep changes, which is what the sweep then changes', async () => {
    await seedEveryKind(database.db, NOW, dataDir);
    const ctx = { db: database.db, now: NOW, settings, dataDir };
    const before = await dataReport(ctx);
    const tables = before.tables.map((table) => table.name);
    for (const table of await tableNames()) assert.ok(tables.includes(table), `${table} is in the report`);
    assert.ok(tables.includes('diagnostics files'));
    const rows = Object.fromEntries(before.tables.map((table) => [table.name, table.rows]));
    assert.equal(rows.webhook_inbox, 6);
    assert.equal(rows.outbox, 6);
    assert.equal(rows['diagnostics files'], 3);
    const inbox = before.tables.find((table) => table.name === 'webhook_inbox');
    assert.equal(inbox?.oldest?.toISOString(), new Date(NOW.getTime() - 40 * DAY).toISOString());
    assert.deepEqual(Object.fromEntries(before.pending.map((item) => [item.rule, item.rows])), EXPECTED_COUNTS);
    assert.equal(before.sweptUntil, null);

    const text = formatDataReport(before);
    for (const table of tables) assert.match(text, new RegExp(`^${table} `, 'm'));
    assert.match(text, /^webhook_inbox\s+2\s+processed: payload and LINE user id dropped\s+inboxReduced$/m);
    const total = Object.values(EXPECTED_COUNTS).reduce((sum: number, count) => sum + count, 0);
    assert.match(text, new RegExp(`In all: ${total} rows`));
    assert.match(text, /RETENTION_INBOX_DELETE_AFTER=30d/);

    // The sweep changes what the report said it would; afterwards nothing is pending.
    const result = await sweep();
    assert.deepEqual(result.counts, EXPECTED_COUNTS);
    const afterwards = await dataReport(ctx);
    assert.ok(afterwards.pending.every((item) => item.rows === 0));
    assert.equal(afterwards.sweptUntil?.toISOString(), new Date(NOW.getTime() + HOUR).toISOString());
    // The report only reads.
    assert.deepEqual(await dataReport(ctx), afterwards);
  });

  test('`npm run data-report` prints the tables and the pending removals', async () => {
    const now = new Date();
    await seedEveryKind(database.db, now, dataDir);
    const cli = startScript('src/retention/report-cli.ts', { cwd: dataDir, env: { DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' } });
    const code = await cli.exited;
    const output = cli.output();
    assert.equal(code, 0, output);
    for (const table of await tableNames()) assert.match(output, new RegExp(`^${table} `, 'm'), `${table} listed`);
    assert.match(output, /^diagnostics files\s+3\s/m);
    assert.match(output, /^outbox\s+2\s+delivered or given up: messages and reply token dropped\s+outboxReduced$/m);
    assert.match(output, /^owners\s+1\s+unfollowed over RETENTION_AFTER_UNFOLLOW ago/m);
    // Nothing was changed by the report.
    assert.equal((await database.db.selectFrom('webhook_inbox').select('webhook_event_id').execute()).length, 6);
    assert.ok(existsSync(join(dataDir, 'diagnostics', 'old-step.png')));
  });
});

/** The tables of the migrated database, as the engine lists them (migration bookkeeping aside). */
async function tableNames(): Promise<string[]> {
  const tables = await database.db.introspection.getTables();
  return tables.map((table) => table.name).filter((name) => !name.startsWith('kysely_'));
}

describe('retention sweep in batches', () => {
  test('changes a backlog larger than one batch, all of it', async () => {
    const old = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
    const events = Array.from({ length: 1300 }, (_, i) => ({
      webhook_event_id: `ev-${String(i).padStart(5, '0')}`,
      line_user_id: HERE,
      event_type: 'message',
      event_timestamp: i,
      batch_index: 0,
      payload_json: '{"text":"x"}',
      status: 'done' as const,
      attempts: 1,
      last_error: null,
      // 1,100 a few days old (reduced), 200 over a month old (deleted).
      received_at: i < 1100 ? old(3) : old(40),
      processed_at: i < 1100 ? old(3) : old(40),
    }));
    for (let i = 0; i < events.length; i += 250) await database.db.insertInto('webhook_inbox').values(events.slice(i, i + 250)).execute();
    const result = await sweep();
    assert.equal(result.counts.inboxReduced, 1100);
    assert.equal(result.counts.inboxDeleted, 200);
    const left = await database.db.selectFrom('webhook_inbox').select(['payload_json', 'line_user_id']).execute();
    assert.equal(left.length, 1100);
    assert.ok(left.every((row) => row.payload_json === '{}' && row.line_user_id === null));
  });
});

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'kysely';
import { connectDatabase, type Db } from '../../src/db/connect.ts';
import type { PeriodState } from '../../src/db/schema.ts';
import { makePeriod } from '../../src/invoice/period.ts';
import {
  DEFAULT_REMINDER_SCHEDULE,
  dueSlot,
  parseReminderSchedule,
  planReminderSlot,
  reminderSlot,
  type ReminderSchedule,
  type ReminderSlot,
} from '../../src/jobs/reminders.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.ts';

// ---- Schedule ---------------------------------------------------------------------------------

describe('parseReminderSchedule', () => {
  test('unset or blank settings mean the default: 1, 5, 8, 10 at 10:00', () => {
    assert.deepEqual(parseReminderSchedule(undefined, undefined), { ok: true, schedule: DEFAULT_REMINDER_SCHEDULE });
    assert.deepEqual(parseReminderSchedule('  ', ''), { ok: true, schedule: DEFAULT_REMINDER_SCHEDULE });
  });

  test('reads days in any order, with spaces and repeats, and a time', () => {
    assert.deepEqual(parseReminderSchedule('8, 1,5 ,1', '09:30'), { ok: true, schedule: { days: [1, 5, 8], hour: 9, minute: 30 } });
    assert.deepEqual(parseReminderSchedule('10', '20:59'), { ok: true, schedule: { days: [10], hour: 20, minute: 59 } });
    assert.deepEqual(parseReminderSchedule(undefined, '9:00'), { ok: true, schedule: { days: [1, 5, 8, 10], hour: 9, minute: 0 } });
  });

  test('days outside 1–10 or not numbers are each reported, with an example of the fix', () => {
    const result = parseReminderSchedule('0,5,11,x,2.5', undefined);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.problems.length, 4);
    for (const token of ['"0"', '"11"', '"x"', '"2.5"']) assert.ok(result.problems.some((p) => p.includes(token)), token);
    assert.ok(result.problems.every((p) => p.startsWith('REMINDER_DAYS') && p.includes('REMINDER_DAYS=1,5,8,10')));
  });

  test('a list of no days is a problem', () => {
    const result = parseReminderSchedule(',,', undefined);
    assert.deepEqual(result.ok ? [] : result.problems.length, 1);
  });

  test('times that are not times, or fall outside 09:00–20:59, are refused', () => {
    for (const time of ['08:59', '21:00', '23:30', '00:00']) {
      const result = parseReminderSchedule(undefined, time);
      assert.equal(result.ok, false, time);
      if (!result.ok) assert.match(result.problems[0] ?? '', /outside 09:00–20:59.*REMINDER_TIME=10:00/);
    }
    for (const time of ['10', '10:0', '24:00', '10:60', 'ten', '10:00pm']) {
      const result = parseReminderSchedule(undefined, time);
      assert.equal(result.ok, false, time);
      if (!result.ok) assert.match(result.problems[0] ?? '', /not a time of day/);
    }
  });

  test('problems with both settings are reported together', () => {
    const result = parseReminderSchedule('15', '22:00');
    assert.equal(result.ok ? 0 : result.problems.length, 2);
  });

  test('problems are plain English (no zh-TW)', () => {
    const result = parseReminderSchedule('十', '早上');
    assert.ok(!result.ok && result.problems.every((p) => !/[\u4e00-\u9fff]/.test(p.replace(/"[^"]*"/g, ''))));
  });
});

// ---- Slots ------------------------------------------------------------------------------------

describe('dueSlot', () => {
  const at = (iso: string) => dueSlot(new Date(iso), DEFAULT_REMINDER_SCHEDULE);

  test('on the 1st: nothing at 09:59 Taipei, the slot from 10:00', () => {
    assert.equal(at('2026-11-01T01:59:59Z'), null);
    const slot = at('2026-11-01T02:00:00Z');
    assert.deepEqual(slot, { period: makePeriod(115, 9), day: 1, at: new Date('2026-11-01T02:00:00Z'), key: '11510:d1' });
  });

  test('the slot holds until 20:59 and is gone at 21:00 (no evening pushes)', () => {
    assert.equal(at('2026-11-01T12:59:00Z')?.key, '11510:d1');
    assert.equal(at('2026-11-01T13:00:00Z'), null);
    assert.equal(at('2026-11-01T15:59:00Z'), null);
  });

  test('the 10th is a slot (the last day) and so are the 5th and 8th', () => {
    assert.equal(at('2026-11-10T02:00:00Z')?.key, '11510:d10');
    assert.equal(at('2026-11-05T05:00:00Z')?.key, '11510:d5');
    assert.equal(at('2026-11-08T02:30:00Z')?.key, '11510:d8');
  });

  test('days that are not in the schedule, and days after the 10th, have no slot', () => {
    assert.equal(at('2026-11-02T04:00:00Z'), null);
    assert.equal(at('2026-11-11T04:00:00Z'), null);
  });

  test('even months have no slot', () => {
    assert.equal(at('2026-10-01T04:00:00Z'), null);
    assert.equal(at('2026-12-05T04:00:00Z'), null);
  });

  test('January reminds of the 11–12 period of the year before', () => {
    const slot = at('2027-01-01T02:00:00Z');
    assert.deepEqual(slot?.period, makePeriod(115, 11));
    assert.equal(slot?.key, '11512:d1');
    assert.equal(at('2027-01-10T02:00:00Z')?.key, '11512:d10');
  });

  test('days are Taipei days, not UTC days', () => {
    // 11/10 16:30 UTC is already 11/11 00:30 in Taipei: the 10th's slot is over.
    assert.equal(at('2026-11-10T16:30:00Z'), null);
    // 11/4 16:00 UTC is 11/5 00:00 in Taipei: the 5th, but hours before its time.
    assert.equal(at('2026-11-04T16:00:00Z'), null);
    // 10/31 18:00 UTC is 11/1 02:00 in Taipei: night.
    assert.equal(at('2026-10-31T18:00:00Z'), null);
    // 11/1 00:00 UTC is 11/1 08:00 in Taipei: before 10:00.
    assert.equal(at('2026-11-01T00:00:00Z'), null);
  });

  test('a schedule of its own: the 3rd at 09:30', () => {
    const schedule: ReminderSchedule = { days: [3], hour: 9, minute: 30 };
    assert.equal(dueSlot(new Date('2026-11-03T01:29:00Z'), schedule), null);
    assert.equal(dueSlot(new Date('2026-11-03T01:30:00Z'), schedule)?.key, '11510:d3');
    assert.equal(dueSlot(new Date('2026-11-01T02:00:00Z'), schedule), null);
  });
});

// ---- Planning ---------------------------------------------------------------------------------

const PERIOD = makePeriod(115, 9);
const KEY = '11510';
const D1 = reminderSlot(PERIOD, 1, DEFAULT_REMINDER_SCHEDULE);
const D5 = reminderSlot(PERIOD, 5, DEFAULT_REMINDER_SCHEDULE);
const AT_D1 = new Date('2026-11-01T02:00:00Z');
const AT_D5 = new Date('2026-11-05T02:00:00Z');
const silent = createLogger('silent');

interface StoreSeed {
  readonly id: string;
  readonly owner?: string;
  readonly following?: boolean;
  readonly createdAt?: string;
  readonly credentials?: boolean;
  readonly state?: PeriodState;
  readonly refused?: boolean;
  readonly remindedOn?: readonly number[];
}

async function seedStore(db: Db, seed: StoreSeed): Promise<void> {
  const owner = seed.owner ?? `U-${seed.id}`;
  const created = seed.createdAt ?? '2026-01-01T00:00:00.000Z';
  await db
    .insertInto('owners')
    .values({ line_user_id: owner, display_name: null, following: seed.following === false ? 0 : 1, created_at: created, updated_at: created })
    .onConflict((c) => c.column('line_user_id').doNothing())
    .execute();
  await db
    .insertInto('stores')
    .values({
      id: seed.id,
      owner_line_user_id: owner,
      ubn: '04595257',
      branch_ubn: seed.id.padStart(8, '0').slice(-8),
      invoice_type: '07',
      display_name: `店 ${seed.id}`,
      sealed_credentials: seed.credentials === false ? null : 'sealed',
      credentials_updated_at: null,
      created_at: created,
      updated_at: created,
    })
    .execute();
  if (seed.state) await seedPeriod(db, seed.id, seed.state, seed.refused === true);
  for (const day of seed.remindedOn ?? []) await seedRemindJob(db, seed.id, day, 'done');
}

async function seedPeriod(db: Db, storeId: string, state: PeriodState, refused: boolean): Promise<void> {
  const now = '2026-11-01T00:00:00.000Z';
  const id = `sp-${storeId}`;
  // A refusal leaves the period needing the owner, which is what the planner ranks by.
  const attention = refused ? { attention_reason: 'refused' as const, attention_detail: 'MM16937074–16937099' } : {};
  await db.insertInto('store_periods').values({ id, store_id: storeId, period_key: KEY, state, queued_at: null, submitted_at: null, confirmed_at: null, ...attention, created_at: now, updated_at: now }).execute();
  if (!refused) return;
  await db
    .insertInto('period_ranges')
    .values({ id: `r-${storeId}`, store_period_id: id, track: 'MM', start_no: 16937074, end_no: 16937099, outcome: 'refused', outcome_message: '空白發票新增失敗', created_at: now, updated_at: now })
    .execute();
}

async function seedRemindJob(db: Db, storeId: string, day: number, state: 'done' | 'pending'): Promise<void> {
  const now = '2026-11-01T02:00:00.000Z';
  await db
    .insertInto('jobs')
    .values({
      id: `job-${storeId}-${day}`,
      kind: 'remind',
      key: `remind:${storeId}:${KEY}:d${day}`,
      payload_json: JSON.stringify({ storeId, periodKey: KEY, day }),
      state,
      attempts: state === 'done' ? 1 : 0,
      max_attempts: 3,
      run_at: now,
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: now,
      updated_at: now,
      finished_at: state === 'done' ? now : null,
    })
    .execute();
}

async function seedPushes(db: Db, month: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await db
      .insertInto('push_log')
      .values({ id: `push-${month}-${i}`, line_user_id: 'U-x', month, retry_key: `rk-${month}-${i}`, purpose: 'test', urgent: 1, message_count: 1, sent_at: '2026-11-01T00:00:00.000Z' })
      .execute();
  }
}

async function remindJobs(db: Db, day: number): Promise<string[]> {
  const rows = await db.selectFrom('jobs').select('payload_json').where('key', 'like', `remind:%:${KEY}:d${day}`).execute();
  return rows.map((row) => (JSON.parse(row.payload_json) as { storeId: string }).storeId).sort();
}

function captureLog(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = createLogger('info', stream);
  return {
    log,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('planReminderSlot', () => {
  let database: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterEach(async () => {
    await database.dispose();
  });

  test('queues only stores still to report, whose owners follow the bot', async () => {
    await seedStore(db, { id: 'pending', state: 'pending' });
    await seedStore(db, { id: 'no-row' });
    await seedStore(db, { id: 'confirmed', state: 'confirmed' });
    await seedStore(db, { id: 'nothing', state: 'nothing_to_report' });
    await seedStore(db, { id: 'queued', state: 'queued' });
    await seedStore(db, { id: 'submitted', state: 'submitted' });
    await seedStore(db, { id: 'unfollowed', following: false });
    await seedStore(db, { id: 'unfollowed-pending', following: false, state: 'pending' });
    // A store whose older period was confirmed still owes this one.
    await seedStore(db, { id: 'old-done' });
    await db
      .insertInto('store_periods')
      .values({ id: 'sp-old', store_id: 'old-done', period_key: '11508', state: 'confirmed', queued_at: null, submitted_at: null, confirmed_at: null, created_at: '2026-09-05T00:00:00.000Z', updated_at: '2026-09-05T00:00:00.000Z' })
      .execute();

    const result = await planReminderSlot(db, D1, { now: AT_D1, pushBudget: 200, log: silent });

    assert.deepEqual(result, { queued: 3, alreadyQueued: 0, skippedForBudget: [] });
    assert.deepEqual(await remindJobs(db, 1), ['no-row', 'old-done', 'pending']);
    const job = await db.selectFrom('jobs').selectAll().where('key', '=', `remind:pending:${KEY}:d1`).executeTakeFirstOrThrow();
    assert.equal(job.kind, 'remind');
    assert.equal(job.state, 'pending');
    assert.equal(job.run_at, AT_D1.toISOString());
    assert.deepEqual(JSON.parse(job.payload_json), { storeId: 'pending', periodKey: KEY, day: 1 });
  });

  test('a failed upload keeps the reminders coming, whatever it failed on; a confirmed period never does', async () => {
    const reasons = ['captcha-timeout', 'captcha-cancelled', 'bad-credentials', 'account-locked', 'no-credentials', 'refused', 'gave-up'] as const;
    for (const reason of reasons) {
      await seedStore(db, { id: `failed-${reason}`, state: 'pending' });
      await db.updateTable('store_periods').set({ attention_reason: reason }).where('store_id', '=', `failed-${reason}`).execute();
    }
    // Some ranges on the platform, one refused: still needs the owner.
    await seedStore(db, { id: 'partly-refused', state: 'submitted' });
    await db.updateTable('store_periods').set({ attention_reason: 'refused' }).where('store_id', '=', 'partly-refused').execute();
    await seedStore(db, { id: 'confirmed-flagged', state: 'confirmed' });
    await db.updateTable('store_periods').set({ attention_reason: 'not-listed' }).where('store_id', '=', 'confirmed-flagged').execute();
    await planReminderSlot(db, D1, { now: AT_D1, pushBudget: 200, log: silent });
    assert.deepEqual(await remindJobs(db, 1), [...reasons.map((reason) => `failed-${reason}`), 'partly-refused'].sort());
  });

  test('planning the same slot again queues nothing new', async () => {
    await seedStore(db, { id: 'a' });
    await seedStore(db, { id: 'b', state: 'pending' });
    assert.equal((await planReminderSlot(db, D1, { now: AT_D1, pushBudget: 200, log: silent })).queued, 2);
    const again = await planReminderSlot(db, D1, { now: new Date(AT_D1.getTime() + 60_000), pushBudget: 200, log: silent });
    assert.deepEqual(again, { queued: 0, alreadyQueued: 2, skippedForBudget: [] });
    assert.equal((await db.selectFrom('jobs').select('id').execute()).length, 2);
  });

  test('a later slot of the same period is a new reminder', async () => {
    await seedStore(db, { id: 'a', remindedOn: [1] });
    const result = await planReminderSlot(db, D5, { now: AT_D5, pushBudget: 200, log: silent });
    assert.deepEqual(result, { queued: 1, alreadyQueued: 0, skippedForBudget: [] });
    assert.deepEqual(await remindJobs(db, 5), ['a']);
  });

  test('when the budget is short: not yet reminded first, then refused, then no credentials, then oldest; the rest logged', async () => {
    await seedStore(db, { id: 'old-creds', createdAt: '2026-01-01T00:00:00.000Z' });
    await seedStore(db, { id: 'refused-reminded', createdAt: '2026-03-01T00:00:00.000Z', state: 'pending', refused: true, remindedOn: [1] });
    await seedStore(db, { id: 'no-creds', createdAt: '2026-02-01T00:00:00.000Z', credentials: false });
    await seedStore(db, { id: 'new-creds', createdAt: '2026-06-01T00:00:00.000Z' });
    await seedStore(db, { id: 'oldest-reminded', createdAt: '2025-12-01T00:00:00.000Z', remindedOn: [1] });
    await seedStore(db, { id: 'refused', createdAt: '2026-07-01T00:00:00.000Z', state: 'pending', refused: true });
    await seedPushes(db, '2026-11', 5);
    await seedPushes(db, '2026-10', 50); // last month's pushes do not count
    // A reminder message still waiting in the outbox will spend one more push.
    await db
      .insertInto('outbox')
      .values({ id: 'o1', line_user_id: 'U-x', reply_token: null, reply_token_expires_at: null, messages_json: '[]', retry_key: 'rk-o1', purpose: 'remind', urgent: 0, status: 'pending', attempts: 0, next_attempt_at: AT_D5.toISOString(), delivered_by: null, last_error: null, created_at: AT_D5.toISOString(), sent_at: null })
      .execute();
    const { log, lines } = captureLog();

    const result = await planReminderSlot(db, D5, { now: AT_D5, pushBudget: 10, log }); // 10 − 5 sent − 1 waiting = 4

    assert.equal(result.queued, 4);
    assert.deepEqual(await remindJobs(db, 5), ['new-creds', 'no-creds', 'old-creds', 'refused']);
    assert.deepEqual(result.skippedForBudget, ['refused-reminded', 'oldest-reminded']);
    const summary = lines().find((line) => line.msg === 'reminder slot: push budget cannot cover every store; the rest are skipped (raise PUSH_BUDGET or the LINE plan to remind them all)');
    assert.ok(summary, 'a summary line');
    assert.equal(summary.level, 40);
    assert.deepEqual(
      { slot: summary.slot, pushBudget: summary.pushBudget, pushesUsed: summary.pushesUsed, pushesInFlight: summary.pushesInFlight, skipped: summary.skipped },
      { slot: '11510:d5', pushBudget: 10, pushesUsed: 5, pushesInFlight: 1, skipped: 2 },
    );
    const ids = lines().filter((line) => line.msg === 'reminder slot: stores skipped for the push budget').flatMap((line) => line.storeIds as string[]);
    assert.deepEqual(ids, ['refused-reminded', 'oldest-reminded']);
  });

  test('reminders queued but not yet sent count against the budget', async () => {
    await seedStore(db, { id: 'a' });
    await seedStore(db, { id: 'b' });
    assert.equal((await planReminderSlot(db, D1, { now: AT_D1, pushBudget: 2, log: silent })).queued, 2);
    await seedStore(db, { id: 'c', createdAt: '2026-10-01T00:00:00.000Z' });
    const again = await planReminderSlot(db, D1, { now: AT_D1, pushBudget: 2, log: silent });
    assert.deepEqual(again, { queued: 0, alreadyQueued: 2, skippedForBudget: ['c'] });
  });

  test("an earlier slot's job still waiting does not count: it will not push any more", async () => {
    await seedStore(db, { id: 'a' });
    await seedStore(db, { id: 'b' });
    await seedRemindJob(db, 'a', 1, 'pending'); // the worker was down on the 1st
    const result = await planReminderSlot(db, D5, { now: AT_D5, pushBudget: 2, log: silent });
    assert.deepEqual(result, { queued: 2, alreadyQueued: 0, skippedForBudget: [] });
  });

  test('a used-up budget skips everyone and logs it', async () => {
    await seedStore(db, { id: 'a' });
    await seedPushes(db, '2026-11', 3);
    const { log, lines } = captureLog();
    const result = await planReminderSlot(db, D1, { now: AT_D1, pushBudget: 2, log });
    assert.deepEqual(result, { queued: 0, alreadyQueued: 0, skippedForBudget: ['a'] });
    assert.ok(lines().some((line) => line.skipped === 1));
  });
});

describe('planReminderSlot at scale', () => {
  const STORES = 20_000;
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
    await seedMany(database.db, STORES);
  });
  after(async () => {
    await database.dispose();
  });

  test(`plans ${STORES.toLocaleString('en')} stores`, async (t) => {
    const started = performance.now();
    const result = await planReminderSlot(database.db, D1, { now: AT_D1, pushBudget: 1_000_000, log: silent });
    const planMs = performance.now() - started;
    const expected = STORES - STORES / 10; // every tenth store is confirmed
    assert.equal(result.queued, expected);

    const againStarted = performance.now();
    const again = await planReminderSlot(database.db, D1, { now: AT_D1, pushBudget: 1_000_000, log: silent });
    const againMs = performance.now() - againStarted;
    assert.equal(again.alreadyQueued, expected);

    const tightStarted = performance.now();
    const tight = await planReminderSlot(database.db, D5, { now: AT_D5, pushBudget: 200, log: silent });
    const tightMs = performance.now() - tightStarted;
    assert.equal(tight.queued, 200);
    assert.equal(tight.skippedForBudget.length, expected - 200);

    t.diagnostic(`${STORES} stores: first plan ${planMs.toFixed(0)} ms, same slot again ${againMs.toFixed(0)} ms, next slot with 200 pushes left ${tightMs.toFixed(0)} ms`);
  });
});

describe('job keys for the planner', () => {
  test('PostgreSQL compares them byte by byte, whatever the database collation, and keeps them unique', { skip: testDatabaseKind() !== 'postgres' && 'SQLite always compares text by bytes' }, async () => {
    const database = await createTestDatabase();
    try {
      const { rows } = await sql<{ collation: string | null; unique: boolean }>`
        select c.collation_name as collation,
               exists (select 1 from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
                       where i.indrelid = 'jobs'::regclass and i.indisunique and i.indnatts = 1 and a.attname = 'key') as unique
        from information_schema.columns c where c.table_name = 'jobs' and c.column_name = 'key'`.execute(database.db);
      // The planner's range [remind:<store>:<period>:, remind:<store>:<period>;) needs ';' after ':', which en_US-like collations ignore.
      assert.deepEqual(rows, [{ collation: 'C', unique: true }]);
    } finally {
      await database.dispose();
    }
  });
});

describe('planReminderSlot from two processes at once', () => {
  // More stores than one insert statement takes, so the two planners' batches interleave.
  const STORES = 6_000;
  let database: TestDatabase;
  let connections: Db[];
  before(async () => {
    database = await createTestDatabase();
    await seedMany(database.db, STORES);
    // Two connections of their own, as two worker processes on the database would have.
    connections = [connectDatabase(database.url), connectDatabase(database.url)];
  });
  after(async () => {
    await Promise.all(connections.map((connection) => connection.destroy()));
    await database.dispose();
  });

  const owedCount = STORES - STORES / 10; // every tenth store is confirmed
  const owed = Array.from({ length: STORES }, (_, i) => i).filter((i) => i % 10 !== 0).map((i) => `s-${String(i).padStart(6, '0')}`);

  async function planTogether(slot: ReminderSlot, now: Date, pushBudget: number): Promise<void> {
    const results = await Promise.all(connections.map((connection) => planReminderSlot(connection, slot, { now, pushBudget, log: silent })));
    for (const result of results) {
      assert.equal(result.queued + result.alreadyQueued, owedCount);
      assert.deepEqual(result.skippedForBudget, []);
    }
    assert.equal(results.reduce((sum, result) => sum + result.queued, 0), owedCount, 'each job counted as queued by one planner only');
    assert.deepEqual(await remindJobs(database.db, slot.day), owed, 'one job for each store still to report');
  }

  test('with a budget for every store: each store gets one job, no error escapes, and the counts add up', async () => {
    await planTogether(D1, AT_D1, 1_000_000);
  });

  test('with a budget just for the stores owed (so they are ranked): the same', async () => {
    await planTogether(D5, AT_D5, owedCount);
  });
});

/** Stores in bulk (a tenth with the period confirmed); seeding is not what is measured. */
async function seedMany(db: Db, count: number): Promise<void> {
  const created = '2026-01-01T00:00:00.000Z';
  const batch = 1000;
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < count; start += batch) {
      const ids = Array.from({ length: Math.min(batch, count - start) }, (_, i) => start + i);
      await trx.insertInto('owners').values(ids.map((i) => ({ line_user_id: `U-${i}`, display_name: null, following: 1, created_at: created, updated_at: created }))).execute();
      await trx
        .insertInto('stores')
        .values(ids.map((i) => ({ id: `s-${String(i).padStart(6, '0')}`, owner_line_user_id: `U-${i}`, ubn: '04595257', branch_ubn: '04595257', invoice_type: '07', display_name: `店 ${i}`, sealed_credentials: i % 3 === 0 ? null : 'sealed', credentials_updated_at: null, created_at: created, updated_at: created })))
        .execute();
      const confirmed = ids.filter((i) => i % 10 === 0);
      if (confirmed.length > 0) {
        await trx
          .insertInto('store_periods')
          .values(confirmed.map((i) => ({ id: `sp-${i}`, store_id: `s-${String(i).padStart(6, '0')}`, period_key: KEY, state: 'confirmed' as const, queued_at: null, submitted_at: null, confirmed_at: null, created_at: created, updated_at: created })))
          .execute();
      }
    }
  });
}

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { messagingApi } from '@line/bot-sdk';
import type { Clock } from '../../src/clock.ts';
import { decodePostback } from '../../src/conversation/postback.ts';
import type { Db } from '../../src/db/connect.ts';
import type { PeriodState } from '../../src/db/schema.ts';
import { remindHandler } from '../../src/jobs/handlers/remind.ts';
import { createLogger } from '../../src/log.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

type Handler = ReturnType<typeof remindHandler>;
type RunContext = Parameters<Handler['run']>[0];
type Outcome = Awaited<ReturnType<Handler['run']>>;

const OWNER = 'U-owner';
const STORE = 'store-1';
const KEY = '11510';
const ON_THE_5TH = new Date('2026-11-05T02:00:00Z'); // 11/5 10:00 Taipei

let database: TestDatabase;
let db: Db;
let now: Date;
let logLines: string[];
const clock: Clock = { now: () => now };

beforeEach(async () => {
  database = await createTestDatabase();
  db = database.db;
  now = ON_THE_5TH;
  logLines = [];
  const created = '2026-01-01T00:00:00.000Z';
  await db.insertInto('owners').values({ line_user_id: OWNER, display_name: null, following: 1, created_at: created, updated_at: created }).execute();
  await db
    .insertInto('stores')
    .values({ id: STORE, owner_line_user_id: OWNER, ubn: '04595257', branch_ubn: '04595257', invoice_type: '07', display_name: '小林咖啡', sealed_credentials: 'sealed', credentials_updated_at: null, created_at: created, updated_at: created })
    .execute();
});
afterEach(async () => {
  await database.dispose();
});

function handler(): Handler {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  return remindHandler({ db, clock, log: createLogger('info', stream) });
}

function context(day: number, payload: unknown = { storeId: STORE, periodKey: KEY, day }): RunContext {
  const job = { id: `job-${day}`, kind: 'remind', key: `remind:${STORE}:${KEY}:d${day}`, payload, attempts: 1, maxAttempts: 3, workerId: 'worker-test' };
  return { job, signal: new AbortController().signal, now: () => now, waitingForOwner: (wait) => wait() };
}

/** What the worker does: run, then settle in the job's transaction. */
async function runJob(remind: Handler, ctx: RunContext, beforeSettle?: () => Promise<void>): Promise<Outcome> {
  const outcome = await remind.run(ctx);
  await beforeSettle?.();
  await db.transaction().execute(async (trx) => remind.onSettled?.(trx, ctx.job, { outcome }));
  return outcome;
}

async function setState(state: PeriodState): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto('store_periods')
    .values({ id: 'sp-1', store_id: STORE, period_key: KEY, state, queued_at: null, submitted_at: null, confirmed_at: null, created_at: at, updated_at: at })
    .onConflict((c) => c.columns(['store_id', 'period_key']).doUpdateSet({ state }))
    .execute();
}

async function outbox(): Promise<{ lineUserId: string; urgent: number; purpose: string; messages: messagingApi.TextMessage[] }[]> {
  const rows = await db.selectFrom('outbox').selectAll().execute();
  return rows.map((row) => ({ lineUserId: row.line_user_id, urgent: row.urgent, purpose: row.purpose, messages: JSON.parse(row.messages_json) as messagingApi.TextMessage[] }));
}

function quickReplies(message: messagingApi.TextMessage): messagingApi.Action[] {
  return (message.quickReply?.items ?? []).flatMap((item) => (item.action ? [item.action] : []));
}

describe('remind handler', () => {
  test('an upload that failed is reminded with what went wrong and the one tap that fixes it', async () => {
    await setState('pending');
    await db.updateTable('store_periods').set({ attention_reason: 'bad-credentials' }).where('id', '=', 'sp-1').execute();
    await runJob(handler(), context(5));
    const [entry] = await outbox();
    const message = entry?.messages[0];
    assert.ok(message);
    assert.match(message.text, /還沒上傳完成/);
    assert.match(message.text, /需要處理：平台帳號或密碼不對/);
    assert.match(message.text, /期限是 11\/10，還有 5 天/);
    const [fix] = quickReplies(message);
    assert.ok(fix?.type === 'postback');
    assert.equal(fix.label, '更新平台帳號密碼');
    assert.deepEqual(decodePostback(fix.data ?? ''), { action: 'fix', params: { s: STORE, p: KEY } });
  });

  test('pushes one non-urgent reminder: store, period, deadline, days left, and one-tap buttons', async () => {
    assert.deepEqual(await runJob(handler(), context(5)), { kind: 'done' });

    const sent = await outbox();
    assert.equal(sent.length, 1);
    const [entry] = sent;
    assert.ok(entry);
    assert.equal(entry.lineUserId, OWNER);
    assert.equal(entry.urgent, 0);
    assert.equal(entry.purpose, `remind:${STORE}:${KEY}:d5`);
    assert.equal(entry.messages.length, 1);
    const [message] = entry.messages;
    assert.ok(message);
    assert.equal(message.type, 'text');
    assert.equal(
      message.text,
      '「小林咖啡」115年9-10月 的空白發票要上傳了。\n期限是 11/10，還有 5 天。\n按「開始上傳」，把 POS 上的未使用發票號碼傳給我就好。',
    );

    const actions = quickReplies(message);
    assert.deepEqual(actions.map((a) => a.label), ['開始上傳', '這期沒有空白發票', '狀態']);
    const [start, nothing, status] = actions;
    assert.ok(start?.type === 'postback' && nothing?.type === 'postback' && status?.type === 'message');
    assert.deepEqual(decodePostback(start.data ?? ''), { action: 'start', params: { s: STORE, p: KEY } });
    assert.deepEqual(decodePostback(nothing.data ?? ''), { action: 'nothing', params: { s: STORE, p: KEY } });
    assert.equal(status.text, '狀態');
    // LINE's own limits: labels ≤ 20 characters, postback data ≤ 300.
    assert.ok(actions.every((a) => Array.from(a.label ?? '').length <= 20));
    assert.ok([start, nothing].every((a) => (a.data ?? '').length <= 300));
  });

  test('a store with a pending period (no ranges yet) is reminded too', async () => {
    await setState('pending');
    await runJob(handler(), context(5));
    assert.equal((await outbox()).length, 1);
  });

  test('on the 10th it says today is the last day', async () => {
    now = new Date('2026-11-10T02:00:00Z');
    await runJob(handler(), context(10));
    const text = (await outbox())[0]?.messages[0]?.text ?? '';
    assert.match(text, /今天（11\/10）截止！/);
    assert.doesNotMatch(text, /還有/);
  });

  test('January: the 11–12 period of the year before, due 1/10', async () => {
    now = new Date('2027-01-01T02:00:00Z');
    await runJob(handler(), context(1, { storeId: STORE, periodKey: '11512', day: 1 }));
    assert.match((await outbox())[0]?.messages[0]?.text ?? '', /115年11-12月 的空白發票要上傳了。\n期限是 1\/10，還有 9 天。/);
  });

  for (const state of ['confirmed', 'nothing_to_report', 'queued', 'submitted'] as const) {
    test(`no message when the period is already ${state}`, async () => {
      await setState(state);
      assert.deepEqual(await runJob(handler(), context(5)), { kind: 'done' });
      assert.deepEqual(await outbox(), []);
      assert.ok(logLines.some((line) => line.includes('reminder not sent') && line.includes(`period is ${state}`)));
    });
  }

  test('no message when the period got confirmed while the job ran', async () => {
    await setState('pending');
    const outcome = await runJob(handler(), context(5), () => setState('confirmed'));
    assert.deepEqual(outcome, { kind: 'done' });
    assert.deepEqual(await outbox(), []);
    assert.ok(logLines.some((line) => line.includes('reminder dropped')));
  });

  test('no message when the owner unfollowed the bot', async () => {
    await db.updateTable('owners').set({ following: 0 }).where('line_user_id', '=', OWNER).execute();
    await runJob(handler(), context(5));
    assert.deepEqual(await outbox(), []);
  });

  test('no message when the store is gone', async () => {
    await runJob(handler(), context(5, { storeId: 'no-such-store', periodKey: KEY, day: 5 }));
    assert.deepEqual(await outbox(), []);
  });

  test('a job that runs too late (21:00 on, or another day) sends nothing', async () => {
    now = new Date('2026-11-05T13:00:00Z'); // 21:00 Taipei
    await runJob(handler(), context(5));
    now = new Date('2026-11-06T02:00:00Z'); // the next morning
    await runJob(handler(), context(5));
    assert.deepEqual(await outbox(), []);
  });

  test('a payload that is not a reminder is done without a message', async () => {
    for (const payload of [null, { storeId: STORE }, { storeId: STORE, periodKey: '11509', day: 5 }, { storeId: STORE, periodKey: KEY, day: 11 }]) {
      assert.deepEqual(await runJob(handler(), context(5, payload)), { kind: 'done' });
    }
    assert.deepEqual(await outbox(), []);
  });

  test('nothing is queued when the job does not settle as done', async () => {
    const remind = handler();
    const ctx = context(5);
    await remind.run(ctx);
    await db.transaction().execute(async (trx) => remind.onSettled?.(trx, ctx.job, { outcome: { kind: 'retry', error: 'worker lost its lease' } }));
    assert.deepEqual(await outbox(), []);
  });
});

// 「刪除我的資料」 and 「刪除這家店」: the question says what goes and what stays, 確定刪除 erases it in one
// reply, and afterwards no column of any table (read from the database's own catalog, so tables
// added later are covered) holds the owner's LINE user id — or the store's ids. Running and queued
// uploads stop, and nothing more is sent.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../src/db/dialect.ts';
import type { Database, Store } from '../../src/db/schema.ts';
import { ERASED_OWNER } from '../../src/stores/erase.ts';
import { publishFullList } from '../../src/web/full-lists.ts';
import { allText, labelsOf, type TestBot } from '../support/bot.ts';
import { startJobsHarness, type JobsHarness } from '../support/jobs.ts';

const COFFEE = { ubn: '04595257', account: 'coffee01', password: 'Sim-Pass-1234' };
const SNACK = { ubn: '10458575', account: 'snack01', password: 'Sim-Pass-5678' };
const CAPTCHA_SHOWN = /請回覆圖中的 5 位數字/;

let h: JobsHarness;
let t: TestBot;

before(async () => {
  h = await startJobsHarness();
  t = h.t;
  t.clock.set(new Date('2026-11-02T02:00:00Z')); // 11/2 10:00 in Taipei: 115年9-10月 is due
});
after(() => h.stop());

/** A LINE user id as LINE makes them. */
const lineUserId = () => `U${randomBytes(16).toString('hex')}`;

/** Every `table.column` whose value (as text) contains `needle`, over every table the database's catalog lists. */
async function whereFound(db: Kysely<Database>, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const [table, columns] of await catalog(db)) {
    for (const column of columns) {
      const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.id(table)} where cast(${sql.id(column)} as text) like ${`%${needle}%`}`.execute(db);
      if (Number(rows[0]?.n ?? 0) > 0) found.push(`${table}.${column}`);
    }
  }
  return found;
}

async function catalog(db: Kysely<Database>): Promise<Map<string, string[]>> {
  const tables = new Map<string, string[]>();
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'`.execute(db);
    for (const row of rows) tables.set(row.table_name, [...(tables.get(row.table_name) ?? []), row.column_name]);
    return tables;
  }
  const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
  for (const { name } of rows) {
    const columns = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db);
    tables.set(name, columns.rows.map((column) => column.name));
  }
  return tables;
}

async function periodIdOf(store: Store): Promise<string> {
  const row = await t.database.db.selectFrom('store_periods').select('id').where('store_id', '=', store.id).executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The owner uploads 115年9-10月 for one of their stores and taps 確認上傳; resolves with a cursor from
 * before the tap. The tap's reply waits for the job's captcha (or, for a job queued behind another, its lapse).
 */
async function upload(user: string, storeName: string, ranges: string): Promise<number> {
  await t.tap(user, '上傳空白發票');
  await t.tap(user, storeName);
  await t.tap(user, '115年9-10月');
  await t.say(user, ranges);
  const since = t.fake.mark(user);
  await t.fake.tap(user, '確認上傳');
  await t.bot.settle();
  return since;
}

async function jobsOf(periodId: string) {
  return t.database.db.selectFrom('jobs').selectAll().where('key', 'like', `submit:${periodId}:%`).execute();
}

/** A cursor into everything between the owner and the bot (their taps included). */
const cursor = (user: string) => t.fake.conversation(user).length;

/** Lets the worker and the outbox run for a while; resolves with how the bot answered the owner since `from`: reply or push, each. */
async function quietPeriod(user: string, from: number): Promise<string[]> {
  for (let i = 0; i < 6; i += 1) {
    h.jobs.kick();
    await t.bot.outbox.deliverDue();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await h.jobs.worker.idle();
  await t.bot.outbox.deliverDue();
  return t.fake
    .conversation(user)
    .slice(from)
    .flatMap((entry) => (entry.from === 'bot' ? [`${entry.kind}: ${allText(entry.messages)}`] : []));
}

describe('刪除我的資料', () => {
  test('an owner with two stores mid-period is forgotten everywhere; the captcha wait and the queued upload stop, and nothing more is sent', async () => {
    const user = lineUserId();
    const coffee = await h.registerStore(user, COFFEE, '小林咖啡');
    const snack = await h.registerStore(user, SNACK, '阿明小吃');
    // 小林咖啡's upload waits for the owner's captcha; 阿明小吃's is queued behind it (one worker).
    const since = await upload(user, '小林咖啡', 'MM16937074-16937099');
    await h.waitForText(user, since, CAPTCHA_SHOWN, { answerCaptchas: false });
    await upload(user, '阿明小吃', 'AB10000000-10000049');
    // A one-time credential link, a page of a long list, the platform's cookies, a billed push.
    await t.tap(user, '商店設定');
    await t.tap(user, '小林咖啡');
    assert.match(allText(await t.tap(user, '更新平台帳號密碼')), /專用連結/);
    const db = t.database.db;
    const now = t.clock.now();
    await publishFullList(db, user, { title: '小林咖啡 115年9-10月', lines: ['MM16937074-16937099'] }, t.publicBaseUrl, now);
    await db.insertInto('platform_sessions').values({ store_id: coffee.id, sealed_state: 'sealed-cookies', saved_at: now.toISOString() }).execute();
    await db
      .insertInto('push_log')
      .values({ id: 'push-1', line_user_id: user, month: '2026-11', retry_key: 'rk-1', purpose: `remind:${snack.id}:11510:d1`, urgent: 0, message_count: 1, sent_at: now.toISOString() })
      .execute();
    const coffeePeriod = await periodIdOf(coffee);
    const snackPeriod = await periodIdOf(snack);
    const before = await whereFound(db, user);
    for (const column of ['owners.line_user_id', 'stores.owner_line_user_id', 'conversations.line_user_id', 'webhook_inbox.payload_json', 'outbox.line_user_id', 'captcha_requests.line_user_id', 'images.line_user_id', 'full_lists.line_user_id', 'credential_forms.line_user_id', 'held_replies.line_user_id', 'push_log.line_user_id']) {
      assert.ok(before.includes(column), `before: ${column} holds the owner (found in ${before.join(', ')})`);
    }
    assert.equal((await jobsOf(coffeePeriod))[0]?.state, 'running');
    assert.equal((await jobsOf(snackPeriod))[0]?.state, 'pending');

    const asked = await t.say(user, '刪除我的資料');
    const question = allText(asked);
    assert.match(question, /確定要刪除你在這裡的所有資料嗎/);
    assert.match(question, /「小林咖啡」、「阿明小吃」/);
    assert.match(question, /平台帳號密碼/);
    assert.match(question, /發票號碼/);
    assert.match(question, /對話紀錄和圖片/);
    assert.match(question, /進行中的上傳也會停止/);
    assert.match(question, /已經上傳到財政部平台的號碼會留在平台上，我沒辦法幫你刪除/);
    assert.deepEqual(labelsOf(asked), ['確定刪除', '取消']);

    // The owner's outbox lane as a process that stopped left it.
    const lapsed = new Date(t.clock.now().getTime() - 1000).toISOString();
    await db.insertInto('lane_leases').values({ lane: `outbox:${user}`, holder: 'a-stopped-process', expires_at: lapsed }).execute();
    const confirmedAt = cursor(user);
    const done = await t.tap(user, '確定刪除');
    assert.match(allText(done), /你的資料都刪除了/);
    assert.match(allText(done), /還在平台上/);
    assert.deepEqual(labelsOf(done), ['設定我的商店']);
    const sent = await quietPeriod(user, confirmedAt);
    assert.equal(sent.length, 1, `one confirming reply and nothing after it:\n${sent.join('\n')}`);
    assert.match(sent[0] ?? '', /^reply: 你的資料都刪除了/, 'the confirmation is the reply to the tap');

    assert.deepEqual(await whereFound(db, user), [], 'no column of any table holds the LINE user id');
    for (const id of [coffee.id, snack.id, coffeePeriod, snackPeriod]) assert.deepEqual(await whereFound(db, id), [], `nothing names ${id}`);
    const stopped = await db.selectFrom('jobs').select(['state', 'payload_json']).where('kind', '=', 'submit').where('key', 'like', 'erased:%').execute();
    assert.deepEqual(stopped.map((job) => job.state).sort(), ['cancelled', 'cancelled']);
    const pushes = await db.selectFrom('push_log').select(['line_user_id', 'purpose', 'message_count']).where('id', '=', 'push-1').executeTakeFirstOrThrow();
    assert.deepEqual(pushes, { line_user_id: ERASED_OWNER, purpose: 'remind', message_count: 1 }, 'the push still counts for billing');

    // Later, nothing of the stopped uploads reaches the owner either.
    assert.deepEqual(await quietPeriod(user, cursor(user)), []);
    // Writing again is a new beginning.
    assert.match(allText(await t.follow(user)), /先花一分鐘設定你的商店吧/);
  });

  test('取消 at the question keeps everything', async () => {
    const user = lineUserId();
    const store = await h.registerStore(user, COFFEE, '小林咖啡');
    await t.say(user, '說明');
    await t.tap(user, '刪除我的資料');
    assert.match(allText(await t.tap(user, '取消')), /已經取消了/);
    const kept = await t.database.db.selectFrom('stores').select('sealed_credentials').where('id', '=', store.id).executeTakeFirstOrThrow();
    assert.ok(kept.sealed_credentials);
    // A 確定 typed long after the question was asked deletes nothing: the question is asked again.
    await t.say(user, '刪除資料');
    t.clock.advance(2 * 3_600_000);
    assert.match(allText(await t.say(user, '確定')), /確定要刪除你在這裡的所有資料嗎/);
    assert.ok(await t.database.db.selectFrom('stores').select('id').where('id', '=', store.id).executeTakeFirst());
  });
});

describe('刪除這家店', () => {
  test('removes one store with its password, numbers, upload and messages, and keeps the other', async () => {
    const user = lineUserId();
    const coffee = await h.registerStore(user, COFFEE, '小林咖啡');
    const snack = await h.registerStore(user, SNACK, '阿明小吃');
    const since = await upload(user, '小林咖啡', 'MM16937074-16937099');
    await h.waitForText(user, since, CAPTCHA_SHOWN, { answerCaptchas: false });
    const coffeePeriod = await periodIdOf(coffee);
    const [job] = await jobsOf(coffeePeriod);
    assert.equal(job?.state, 'running');

    // Typed with two stores, it asks which one first.
    const which = await t.say(user, '刪除這家店');
    assert.match(allText(which), /要刪除哪一家店/);
    assert.deepEqual(labelsOf(which), ['小林咖啡', '阿明小吃', '取消']);
    assert.match(allText(await t.tap(user, '阿明小吃')), /確定要刪除「阿明小吃」嗎/);
    assert.match(allText(await t.tap(user, '取消')), /已經取消了/);

    await t.tap(user, '商店設定');
    const menu = await t.tap(user, '小林咖啡');
    assert.ok(labelsOf(menu).includes('刪除這家店'));
    const asked = await t.tap(user, '刪除這家店');
    const question = allText(asked);
    assert.match(question, /確定要刪除「小林咖啡」嗎/);
    assert.match(question, /平台帳號密碼/);
    assert.match(question, /留在平台上/);
    assert.deepEqual(labelsOf(asked), ['確定刪除', '取消']);

    const confirmedAt = cursor(user);
    const done = await t.tap(user, '確定刪除');
    assert.match(allText(done), /「小林咖啡」刪除了/);
    assert.ok(labelsOf(done).includes('上傳空白發票'));
    const sent = await quietPeriod(user, confirmedAt);
    assert.equal(sent.length, 1, `one confirming reply and nothing after it:\n${sent.join('\n')}`);

    const db = t.database.db;
    for (const id of [coffee.id, coffeePeriod]) assert.deepEqual(await whereFound(db, id), [], `nothing names ${id}`);
    assert.deepEqual(await whereFound(db, '「小林咖啡」115年9-10月'), [], 'no message about the store is kept');
    const cancelled = await db.selectFrom('jobs').select('state').where('id', '=', (job as { id: string }).id).executeTakeFirstOrThrow();
    assert.equal(cancelled.state, 'cancelled');
    assert.equal(await db.selectFrom('captcha_requests').select('id').where('job_id', '=', (job as { id: string }).id).executeTakeFirst(), undefined);
    const left = await db.selectFrom('stores').selectAll().where('owner_line_user_id', '=', user).execute();
    assert.deepEqual(left.map((store) => store.id), [snack.id]);
    assert.ok(left[0]?.sealed_credentials, 'the other store keeps its password');
    assert.ok(await db.selectFrom('owners').select('line_user_id').where('line_user_id', '=', user).executeTakeFirst());

    // Typed, with one store left, it asks about that store at once.
    assert.match(allText(await t.say(user, '刪除這家店')), /確定要刪除「阿明小吃」嗎/);
    assert.match(allText(await t.tap(user, '取消')), /已經取消了/);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RangeOutcome } from '../../src/db/schema.ts';
import { allText, labelsOf, startTestBot, type TestBot, registerInChat } from '../support/bot.ts';

let t: TestBot;
before(async () => {
  t = await startTestBot();
  t.clock.set(new Date('2026-11-03T02:00:00Z')); // 11/3 10:00 Taipei: 115年9-10月 is due on 11/10
});
after(() => t.stop());

async function registered(user: string, name = '小林咖啡', ubn = '04595257') {
  await registerInChat(t, user, name, ubn);
}

/**
 * The owner uploads these ranges through the chat; then the period stands as the submission
 * job would leave it (the job itself runs against the platform in test/jobs/correction.test.ts).
 */
async function uploaded(user: string, ranges: string, state: 'submitted' | 'confirmed', periodLabel = '115年9-10月', store?: string) {
  await t.tap(user, '上傳空白發票');
  if (store) await t.tap(user, store);
  await t.tap(user, periodLabel);
  await t.say(user, ranges);
  await t.tap(user, '確認上傳');
  const period = await periodOf(user, periodLabel, store);
  const outcome: RangeOutcome = state === 'confirmed' ? 'listed' : 'saved';
  const savedAt = state === 'confirmed' ? null : t.clock.now().toISOString();
  await t.database.db.updateTable('period_ranges').set({ outcome, saved_at: savedAt }).where('store_period_id', '=', period.id).execute();
  await t.database.db.updateTable('store_periods').set({ state }).where('id', '=', period.id).execute();
  await t.database.db.updateTable('jobs').set({ state: 'done' }).where('payload_json', '=', JSON.stringify({ storePeriodId: period.id })).execute();
}

const KEYS: Record<string, string> = { '115年9-10月': '11510', '115年7-8月': '11508' };

async function periodOf(user: string, periodLabel = '115年9-10月', store?: string) {
  let query = t.database.db
    .selectFrom('store_periods')
    .innerJoin('stores', 'stores.id', 'store_periods.store_id')
    .selectAll('store_periods')
    .where('stores.owner_line_user_id', '=', user)
    .where('store_periods.period_key', '=', KEYS[periodLabel] ?? '');
  if (store) query = query.where('stores.display_name', '=', store);
  return query.executeTakeFirstOrThrow();
}

async function rangesOf(user: string, periodLabel = '115年9-10月', store?: string) {
  const period = await periodOf(user, periodLabel, store);
  const rows = await t.database.db.selectFrom('period_ranges').selectAll().where('store_period_id', '=', period.id).orderBy('track').orderBy('start_no').orderBy('end_no').execute();
  return rows.map((row) => `${row.track}${row.start_no}-${row.end_no} ${row.outcome}`);
}

async function submitJobs(user: string, store?: string) {
  const period = await periodOf(user, '115年9-10月', store);
  return t.database.db.selectFrom('jobs').selectAll().where('kind', '=', 'submit').where('payload_json', '=', JSON.stringify({ storePeriodId: period.id })).execute();
}

const FIRST = 'MM16937074-16937099\nAB12345600-12345649';

describe('修改已上傳的號碼', () => {
  test('from 狀態: what was uploaded, the complete new list, a card of what changes, then queued', async () => {
    const user = 'U-correct-status';
    await registered(user);
    await uploaded(user, FIRST, 'confirmed');

    const status = await t.say(user, '狀態');
    assert.match(allText(status), /115年9-10月：平台已查到 ✅/);
    assert.equal(labelsOf(status)[0], '修改已上傳的號碼');

    const ask = await t.tap(user, '修改已上傳的號碼');
    const askText = allText(ask);
    assert.match(askText, /「小林咖啡」115年9-10月 已上傳的號碼：\nAB12345600–12345649（50 張）\nMM16937074–16937099（26 張）/);
    assert.match(askText, /「全部」正確的未使用發票號碼/);
    assert.deepEqual(labelsOf(ask), ['怎麼查？', '取消']);
    assert.match(allText(await t.tap(user, '怎麼查？')), /「發票號碼」/);

    // One range changed (same start, another end), one kept, one added.
    const card = await t.say(user, 'MM16937074-16937149\nAB12345600-12345649\nAB12345650-12345699');
    const cardText = allText(card);
    assert.match(cardText, /確認修改已上傳的號碼/);
    assert.match(cardText, /會刪除\nMM16937074–16937099\n26 張/);
    assert.match(cardText, /會新增\nAB12345650–12345699\n50 張\nMM16937074–16937149\n76 張/);
    assert.match(cardText, /不變\nAB12345600–12345649\n50 張/);
    assert.match(cardText, /先刪除，再新增/);
    assert.deepEqual(labelsOf(card).slice(0, 3), ['確認修改', '修改', '取消']);
    assert.deepEqual(await rangesOf(user), ['AB12345600-12345649 listed', 'MM16937074-16937099 listed'], 'nothing changes before 確認修改');

    const queued = await t.tap(user, '確認修改');
    assert.match(allText(queued), /收到！我會修改「小林咖啡」115年9-10月 的號碼：先刪除、再新增/);
    assert.ok(labelsOf(queued).includes('狀態'));
    assert.deepEqual(await rangesOf(user), [
      'AB12345600-12345649 listed',
      'AB12345650-12345699 queued',
      'MM16937074-16937099 remove_queued',
      'MM16937074-16937149 queued',
    ]);
    assert.equal((await periodOf(user)).state, 'queued');
    const jobs = await submitJobs(user);
    assert.equal(jobs.filter((job) => job.state === 'pending').length, 1, 'one submission queued');

    // While it waits, there is nothing to correct: 狀態 offers no button, typing says it is in progress.
    const busyStatus = await t.say(user, '狀態');
    assert.match(allText(busyStatus), /115年9-10月：上傳中/);
    assert.ok(!labelsOf(busyStatus).includes('修改已上傳的號碼'));
    assert.match(allText(await t.say(user, '修改已上傳的號碼')), /正在處理中/);
    // A second tap on the card does nothing.
    assert.match(allText(await t.tap(user, '確認修改')), /過期/);
    assert.equal((await submitJobs(user)).filter((job) => job.state === 'pending').length, 1);
  });

  test('typed, with the same numbers in another order and form: nothing to change, and 狀態 is offered', async () => {
    const user = 'U-correct-same';
    await registered(user);
    await uploaded(user, FIRST, 'submitted');
    const ask = await t.say(user, '更正已上傳的號碼');
    assert.match(allText(ask), /已上傳的號碼：\nAB12345600–12345649（50 張）\nMM16937074–16937099（26 張）/);
    const same = await t.say(user, 'ab12345600 至 ab12345649\nＭＭ１６９３７０７４～１６９３７０９９');
    assert.match(allText(same), /跟「小林咖啡」115年9-10月 已上傳的號碼一樣，不用修改 ✔/);
    assert.equal(labelsOf(same)[0], '狀態');
    assert.deepEqual(await rangesOf(user), ['AB12345600-12345649 saved', 'MM16937074-16937099 saved']);
    assert.equal((await periodOf(user)).state, 'submitted');
    assert.equal((await submitJobs(user)).filter((job) => job.state === 'pending').length, 0);
  });

  test('the same answers as the upload for numbers that are off', async () => {
    const user = 'U-correct-problems';
    await registered(user);
    await uploaded(user, FIRST, 'confirmed');
    await t.say(user, '修改已上傳的號碼');
    const problem = await t.say(user, 'MM1693707-16937149');
    assert.match(allText(problem), /有幾個地方要修正一下/);
    assert.match(allText(problem), /7 位數/);
    assert.ok(labelsOf(problem).includes('取消'));
    const warned = await t.say(user, 'MM16937074-16937120\nAB12345600-12345649');
    assert.match(allText(warned), /請看一下：\n• MM16937074–16937120：一本發票通常到 …49 或 …99 為止/);
    assert.match(allText(warned), /確認修改已上傳的號碼/);
  });

  test('取消 at every step leaves the uploaded numbers as they were', async () => {
    const user = 'U-correct-cancel';
    await registered(user, '總店');
    await uploaded(user, FIRST, 'confirmed');
    await uploaded(user, 'MM16937000-16937049', 'submitted', '115年7-8月');
    const before = await rangesOf(user, '115年9-10月', '總店');

    // Two periods uploaded: the owner picks one.
    const chooser = await t.say(user, '修改已上傳的號碼');
    assert.match(allText(chooser), /「總店」要修改哪一期/);
    assert.deepEqual(labelsOf(chooser), ['115年9-10月', '115年7-8月', '取消']);
    assert.match(allText(await t.tap(user, '取消')), /已經取消了/);

    await t.say(user, '修改已上傳的號碼');
    assert.match(allText(await t.say(user, '115年9-10月')), /「總店」115年9-10月 已上傳的號碼/);
    assert.match(allText(await t.say(user, '取消')), /已經取消了/);

    await t.say(user, '修改已上傳的號碼');
    await t.tap(user, '115年9-10月');
    await t.say(user, 'MM16937074-16937149\nAB12345600-12345649');
    const cancelled = await t.tap(user, '取消');
    assert.match(allText(cancelled), /已經取消了/);
    assert.ok(labelsOf(cancelled).includes('上傳空白發票'));

    // With two stores the store comes first.
    await t.tap(user, '商店設定');
    await t.tap(user, '新增商店');
    await t.say(user, '10458575');
    await t.tap(user, '不是');
    await t.tap(user, '一般稅額計算');
    await t.say(user, '二店');
    await uploaded(user, 'ZZ00000000-00000049', 'confirmed', '115年9-10月', '二店');
    const stores = await t.say(user, '修改已上傳的號碼');
    assert.match(allText(stores), /要修改哪一家店的號碼/);
    assert.deepEqual(labelsOf(stores), ['總店', '二店', '取消']);
    assert.match(allText(await t.say(user, '取消')), /已經取消了/);

    const row = await t.database.db.selectFrom('conversations').select('state_json').where('line_user_id', '=', user).executeTakeFirstOrThrow();
    assert.equal(JSON.parse(row.state_json).step, 'idle');
    assert.deepEqual(await rangesOf(user, '115年9-10月', '總店'), before);
    assert.equal((await periodOf(user, '115年9-10月', '總店')).state, 'confirmed');
    assert.equal((await submitJobs(user, '總店')).filter((job) => job.state === 'pending').length, 0);

    // 狀態 names each period that can be corrected (after 查看結果 for the one still waiting for proof), with the store when there are several.
    const status = await t.say(user, '狀態');
    const labels = labelsOf(status);
    assert.ok(labels.some((l) => /^查看結果 總店 115年7-8月/.test(l)), `查看結果 names its store and period: ${labels.join(' | ')}`);
    assert.deepEqual(labels.filter((l) => l.startsWith('修改 ')).slice(0, 3), ['修改 總店 115年9-10月', '修改 總店 115年7-8月', '修改 二店 115年9-10月']);
    assert.match(allText(await t.tap(user, '修改 二店 115年9-10月')), /「二店」115年9-10月 已上傳的號碼：\nZZ00000000–00000049/);
    await t.say(user, '取消');
  });

  test('a tap on an out-of-date card says so, shows the current step and changes nothing', async () => {
    const user = 'U-correct-stale';
    await registered(user);
    await uploaded(user, FIRST, 'confirmed');
    await t.say(user, '修改已上傳的號碼');
    await t.say(user, 'MM16937074-16937149\nAB12345600-12345649');
    const again = await t.tap(user, '修改');
    assert.match(allText(again), /好的，請重新輸入。\n「小林咖啡」115年9-10月 已上傳的號碼/);
    const stale = await t.fake.tap(user, '確認修改').then(() => t.bot.settle()).then(() => t.fake.waitForMessages(user, 1));
    assert.match(allText(stale), /這個按鈕已經過期了/);
    assert.match(allText(stale), /「全部」正確的未使用發票號碼/);
    assert.deepEqual(await rangesOf(user), ['AB12345600-12345649 listed', 'MM16937074-16937099 listed']);
    assert.equal((await submitJobs(user)).filter((job) => job.state === 'pending').length, 0);
  });

  test('nothing uploaded yet: said plainly, with 上傳空白發票; a confirmed period in the upload flow goes to the correction', async () => {
    const user = 'U-correct-none';
    await registered(user);
    const none = await t.say(user, '修改已上傳的號碼');
    assert.match(allText(none), /最近沒有上傳過的號碼，不用修改/);
    assert.equal(labelsOf(none)[0], '上傳空白發票');

    await uploaded(user, FIRST, 'confirmed');
    await t.tap(user, '上傳空白發票');
    // A period already on the platform is never uploaded a second time beside itself: it goes to the correction.
    const done = await t.tap(user, '115年9-10月');
    assert.match(allText(done), /115年9-10月 已上傳的號碼/);
    await t.say(user, '取消');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { allText, labelsOf, startTestBot, type TestBot, registerInChat } from '../support/bot.ts';

let t: TestBot;
before(async () => {
  t = await startTestBot();
  t.clock.set(new Date('2026-11-03T02:00:00Z')); // 11/3 10:00 Taipei: 115年9-10月 is due on 11/10
});
after(() => t.stop());

async function registerStore(userId: string, name: string, ubn = '04595257') {
  return registerInChat(t, userId, name, ubn);
}

describe('the owner conversation', () => {
  test('follow: what the bot does, the deadline and days left, and a button to register', async () => {
    const welcome = await t.follow('U-follow');
    const text = allText(welcome);
    assert.match(text, /空白發票/);
    assert.match(text, /11\/10 前要上傳 115年9-10月 的空白發票，還有 7 天/);
    assert.ok(labelsOf(welcome).includes('設定我的商店'));
  });

  test('register a store: full-width 統一編號, checksum errors, no branch, invoice type, name, one-time link', async () => {
    const user = 'U-register';
    await t.follow(user);
    assert.match(allText(await t.tap(user, '設定我的商店')), /統一編號/);
    assert.match(allText(await t.say(user, '04595258')), /不是有效的統一編號/);
    assert.match(allText(await t.say(user, '０４５９５２５７')), /04595257 ✔/);
    const invoiceType = await t.tap(user, '不是');
    assert.deepEqual(labelsOf(invoiceType).slice(0, 2), ['一般稅額計算', '特種稅額計算']);
    await t.tap(user, '一般稅額計算');
    const linkMessages = await t.say(user, '小林咖啡');
    assert.match(allText(linkMessages), /「小林咖啡」設定好了/);
    const link = linkMessages.flatMap((m) => (m.type === 'flex' ? JSON.stringify(m) : '')).join('').match(/http:\/\/127\.0\.0\.1:\d+\/forms\/credentials\/[\w-]+/);
    assert.ok(link, 'a one-time form link');
    const stores = await t.database.db.selectFrom('stores').selectAll().where('owner_line_user_id', '=', user).execute();
    assert.equal(stores.length, 1);
    assert.deepEqual([stores[0]?.ubn, stores[0]?.branch_ubn, stores[0]?.invoice_type, stores[0]?.display_name], ['04595257', '04595257', '07', '小林咖啡']);
  });

  test('upload: period quick replies (due one first), ranges in many shapes, a card with counts, confirm queues a job', async () => {
    const user = 'U-upload';
    await registerStore(user, '阿明小吃');
    const periods = await t.tap(user, '上傳空白發票');
    assert.deepEqual(labelsOf(periods).slice(0, 3), ['115年9-10月', '115年7-8月', '115年5-6月']);
    const ask = await t.tap(user, '115年9-10月');
    assert.match(allText(ask), /「未使用」/);
    assert.ok(labelsOf(ask).includes('怎麼查？') && labelsOf(ask).includes('這期沒有空白發票'));
    assert.match(allText(await t.tap(user, '怎麼查？')), /系統設定.*\n.*「發票號碼」/);

    const card = await t.say(user, 'ＭＭ１６９３７０７４～１６９４６８９９\nab12345600 至 ab12345649，MM16946950-16946999');
    const cardText = allText(card);
    for (const expected of ['阿明小吃', '04595257', '115年9-10月', '一般稅額計算', '字軌 MM', '16937074–16946899', '9,826 張', '字軌 AB', '50 張', '合計', '9,926 張', '11/10（剩 7 天）']) {
      assert.ok(cardText.includes(expected), `card should show ${expected}:\n${cardText}`);
    }
    assert.deepEqual(labelsOf(card).slice(0, 3), ['確認上傳', '修改', '取消']);

    const queued = await t.tap(user, '確認上傳');
    assert.match(allText(queued), /收到！我會把「阿明小吃」115年9-10月 的空白發票上傳/);
    const period = await t.database.db.selectFrom('store_periods').selectAll().where('period_key', '=', '11510').executeTakeFirstOrThrow();
    assert.equal(period.state, 'queued');
    const ranges = await t.database.db.selectFrom('period_ranges').select(['track', 'start_no', 'end_no']).where('store_period_id', '=', period.id).orderBy('track').orderBy('start_no').execute();
    assert.deepEqual(ranges.map((r) => `${r.track}${r.start_no}-${r.end_no}`), ['AB12345600-12345649', 'MM16937074-16946899', 'MM16946950-16946999']);
    const jobs = await t.database.db.selectFrom('jobs').selectAll().where('kind', '=', 'submit').execute();
    assert.equal(jobs.length, 1);
    assert.deepEqual(JSON.parse(jobs[0]?.payload_json ?? '{}'), { storePeriodId: period.id });
    // A second tap on the same card does not queue it twice.
    assert.match(allText(await t.tap(user, '確認上傳')), /過期/);
    assert.equal((await t.database.db.selectFrom('jobs').selectAll().execute()).length, 1);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { allText, labelsOf, startTestBot, type TestBot, registerInChat, atRangesInChat } from '../support/bot.ts';

let t: TestBot;
before(async () => {
  t = await startTestBot();
  t.clock.set(new Date('2026-11-03T02:00:00Z'));
});
after(() => t.stop());

async function registered(user: string, name = '小林咖啡', ubn = '04595257') {
  await registerInChat(t, user, name, ubn);
}

async function atRanges(user: string) {
  await atRangesInChat(t, user);
}

describe('cancel, stale cards, idle expiry, retries', () => {
  test('取消 works at every step and returns to the menu', async () => {
    const steps: Array<(user: string) => Promise<unknown>> = [
      async (u) => (await t.follow(u), t.tap(u, '設定我的商店')),
      async (u) => (await t.follow(u), await t.tap(u, '設定我的商店'), t.say(u, '04595257')),
      async (u) => (await t.follow(u), await t.tap(u, '設定我的商店'), await t.say(u, '04595257'), t.tap(u, '不是')),
      async (u) => (await t.follow(u), await t.tap(u, '設定我的商店'), await t.say(u, '04595257'), await t.tap(u, '不是'), t.tap(u, '一般稅額計算')),
      async (u) => (await registered(u), t.tap(u, '上傳空白發票')),
      async (u) => atRanges(u),
      async (u) => (await atRanges(u), t.say(u, 'MM16937074-16946899')),
      async (u) => (await registered(u), t.tap(u, '商店設定')),
    ];
    for (const [index, reach] of steps.entries()) {
      const user = `U-cancel-${index}`;
      await reach(user);
      const cancelled = await t.say(user, '取消');
      assert.match(allText(cancelled), /已經取消了/, `step ${index}`);
      assert.ok(labelsOf(cancelled).includes('說明'), `menu offered after cancel at step ${index}`);
      const row = await t.database.db.selectFrom('conversations').select('state_json').where('line_user_id', '=', user).executeTakeFirstOrThrow();
      assert.equal(JSON.parse(row.state_json).step, 'idle');
    }
    assert.equal((await t.database.db.selectFrom('jobs').selectAll().execute()).length, 0, 'cancelling the card queued nothing');
  });

  test('a tap on an out-of-date card says so and shows the current step', async () => {
    const user = 'U-stale';
    await atRanges(user);
    await t.say(user, 'MM16937074-16946899');
    await t.tap(user, '修改');
    const stale = await t.fake.tap(user, '確認上傳').then(() => t.bot.settle()).then(() => t.fake.waitForMessages(user, 1));
    const text = allText(stale);
    assert.match(text, /這個按鈕已經過期了/);
    assert.match(text, /「未使用」/);
    assert.equal((await t.database.db.selectFrom('jobs').selectAll().execute()).length, 0);
  });

  test('after 30 idle minutes, pasted ranges still reach the card; only the old buttons have lapsed', async () => {
    const user = 'U-idle';
    await atRanges(user);
    t.clock.advance(31 * 60_000);
    const answer = await t.say(user, 'MM16937074-16946899');
    assert.match(allText(answer), /確認上傳空白發票/);
    assert.match(allText(answer), /16937074/);
    t.clock.advance(31 * 60_000);
    const lapsed = await t.tap(user, '確認上傳');
    assert.match(allText(lapsed), /超過 30 分鐘，失效了/);
    assert.equal((await t.database.db.selectFrom('jobs').selectAll().execute()).filter((job) => job.kind === 'submit').length, 0);
    t.clock.advance(-62 * 60_000);
  });

  test('three failed attempts bring an example and 取消', async () => {
    const user = 'U-retries';
    await atRanges(user);
    const first = await t.say(user, 'MM1693707-16946899');
    assert.match(allText(first), /7 位數/);
    assert.doesNotMatch(allText(first), /一直不太順利/);
    await t.say(user, 'hello there');
    const third = await t.say(user, '12345');
    assert.match(allText(third), /一直不太順利/);
    assert.match(allText(third), /MM16937074-16937099/);
    assert.ok(labelsOf(third).includes('取消'));
  });

  test('這期沒有空白發票 is recorded after 確定, with the way back', async () => {
    const user = 'U-nothing';
    await atRanges(user);
    assert.match(allText(await t.say(user, '這期沒有空白發票')), /確定「小林咖啡」115年9-10月 沒有空白發票嗎/);
    const recorded = await t.tap(user, '確定，這期沒有');
    assert.match(allText(recorded), /記下來了/);
    assert.ok(labelsOf(recorded).includes('改回要上傳'));
    const period = await t.database.db
      .selectFrom('store_periods')
      .innerJoin('stores', 'stores.id', 'store_periods.store_id')
      .select('store_periods.state')
      .where('stores.owner_line_user_id', '=', user)
      .executeTakeFirstOrThrow();
    assert.equal(period.state, 'nothing_to_report');
    assert.match(allText(await t.say(user, '狀態')), /115年9-10月：這期沒有空白發票/);
  });

  test('a typed period and loose commands are understood', async () => {
    const user = 'U-loose';
    await registered(user);
    await t.say(user, '　上傳 ');
    assert.match(allText(await t.say(user, '１１５年９－１０月')), /115年9-10月「未使用」/);
    assert.match(allText(await t.say(user, 'ＣＡＮＣＥＬ')), /已經取消了/);
    await t.say(user, '上傳');
    assert.match(allText(await t.say(user, '115年11-12月')), /還沒結束/);
  });

  test('a password typed in chat is warned about', async () => {
    const user = 'U-password';
    await registered(user);
    assert.match(allText(await t.say(user, 'Secret99pw')), /請不要在聊天室裡輸入密碼/);
    assert.match(allText(await t.say(user, '我的密碼是 abc')), /請不要在聊天室裡輸入密碼/);
  });

  test('an owner with two stores chooses the store first; 狀態 lists both', async () => {
    const user = 'U-two';
    await registered(user, '總店');
    await t.tap(user, '商店設定');
    await t.tap(user, '新增商店');
    await t.say(user, '10458575');
    await t.tap(user, '不是');
    await t.tap(user, '一般稅額計算');
    await t.say(user, '二店');
    const chooser = await t.tap(user, '上傳空白發票');
    assert.deepEqual(labelsOf(chooser).slice(0, 2), ['總店', '二店']);
    assert.match(allText(await t.tap(user, '二店')), /「二店」要上傳哪一期/);
    const status = allText(await t.say(user, '狀態'));
    assert.match(status, /【總店】/);
    assert.match(status, /【二店】/);
  });
});

describe('order, interleaving and restarts', () => {
  test('two owners interleaved each get their own answers', async () => {
    await registered('U-alice', 'Alice 咖啡');
    await registered('U-bob', 'Bob 小吃', '10458575');
    await t.tap('U-alice', '上傳空白發票');
    await t.tap('U-bob', '上傳空白發票');
    await t.tap('U-alice', '115年9-10月');
    await t.tap('U-bob', '115年7-8月');
    const alice = allText(await t.say('U-alice', 'MM16937074-16946899'));
    const bob = allText(await t.say('U-bob', 'ZZ00000000-00000049'));
    assert.match(alice, /Alice 咖啡/);
    assert.match(alice, /115年9-10月/);
    assert.match(bob, /Bob 小吃/);
    assert.match(bob, /115年7-8月/);
  });

  test('a burst from one owner is handled strictly in order', async () => {
    const user = 'U-burst';
    await registered(user);
    const since = t.fake.mark(user);
    await t.fake.sendText(user, '上傳空白發票');
    await t.fake.sendText(user, '115年9-10月');
    await t.fake.sendText(user, 'MM16937074-16946899');
    await t.bot.settle();
    const answers = await t.fake.waitForMessages(user, 3, { since });
    const texts = answers.map((m) => allText([m]));
    assert.match(texts[0] ?? '', /要上傳哪一期/);
    assert.match(texts[1] ?? '', /「未使用」/);
    assert.match(texts[2] ?? '', /確認上傳空白發票/);
  });

  test('a restart mid-flow continues where the owner was', async () => {
    const user = 'U-restart';
    await atRanges(user);
    await t.restart();
    const card = await t.say(user, 'MM16937074-16946899');
    assert.match(allText(card), /確認上傳空白發票/);
  });

  test('an event stored but not processed before a crash is processed after the restart', async () => {
    const user = 'U-crash';
    await registered(user);
    await t.bot.stop(); // nothing processes the next event…
    const since = t.fake.mark(user);
    await t.fake.sendText(user, '狀態'); // …but it is stored and acknowledged
    const pending = await t.database.db.selectFrom('webhook_inbox').select('status').where('line_user_id', '=', user).where('status', '=', 'pending').execute();
    assert.equal(pending.length, 1);
    await t.restart();
    await t.bot.settle();
    const answer = await t.fake.waitForMessages(user, 1, { since, timeoutMs: 5000 });
    assert.match(allText(answer), /上傳狀態/);
  });
});

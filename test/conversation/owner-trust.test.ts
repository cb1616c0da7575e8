// Everything the bot says about a period is true, and it files only what the owner meant:
// deadline lines, one status wording everywhere, guarded buttons, 這期沒有 confirmed first,
// input kept through idle expiry, the head office of a branch.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { AttentionReason, PeriodState } from '../../src/db/schema.ts';
import { encodePostback } from '../../src/conversation/postback.ts';
import { allText, labelsOf, startTestBot, type TestBot, registerInChat } from '../support/bot.ts';

let t: TestBot;
before(async () => {
  t = await startTestBot();
});
after(() => t.stop());

const TAIPEI = (iso: string) => new Date(`${iso}+08:00`);

async function registered(user: string, name = '小林咖啡', ubn = '04595257') {
  await registerInChat(t, user, name, ubn);
  return t.database.db.selectFrom('stores').selectAll().where('owner_line_user_id', '=', user).where('display_name', '=', name).executeTakeFirstOrThrow();
}

/** The period row as the jobs would leave it, for a store. */
async function periodIs(storeId: string, key: string, state: PeriodState, attention: AttentionReason | null = null, detail: string | null = null) {
  const now = t.clock.now().toISOString();
  await t.database.db
    .insertInto('store_periods')
    .values({ id: `sp-${storeId}-${key}`, store_id: storeId, period_key: key, state, queued_at: null, submitted_at: null, confirmed_at: null, attention_reason: attention, attention_detail: detail, created_at: now, updated_at: now })
    .onConflict((c) => c.columns(['store_id', 'period_key']).doUpdateSet({ state, attention_reason: attention, attention_detail: detail }))
    .execute();
  return `sp-${storeId}-${key}`;
}

async function stateOf(storeId: string, key: string) {
  return t.database.db.selectFrom('store_periods').select(['state', 'attention_reason']).where('store_id', '=', storeId).where('period_key', '=', key).executeTakeFirst();
}

describe('deadline lines that are true', () => {
  test('between the 11th of an odd month and the end of the even month, a new owner hears the next deadline, not "late"', async () => {
    for (const day of ['2026-11-11T10:00:00', '2026-11-30T10:00:00', '2026-12-31T10:00:00']) {
      t.clock.set(TAIPEI(day));
      const user = `U-new-${day.slice(5, 10)}`;
      const welcome = allText(await t.follow(user));
      assert.doesNotMatch(welcome, /已經過了/, day);
      assert.match(welcome, /115年11-12月/);
      assert.match(welcome, /1\/10 前/);
      const help = allText(await t.say(user, '說明'));
      assert.doesNotMatch(help, /已經過了/);
      assert.match(help, /115年11-12月/);
    }
  });

  test('on the 10th it says 今天截止, never 剩 0 天', async () => {
    t.clock.set(TAIPEI('2026-11-10T10:00:00'));
    const user = 'U-tenth';
    const welcome = allText(await t.follow(user));
    assert.match(welcome, /今天（11\/10）截止/);
    await registered(user);
    await t.tap(user, '上傳空白發票');
    await t.tap(user, '115年9-10月');
    const card = allText(await t.say(user, 'MM16937074-16937099'));
    assert.match(card, /今天截止/);
    assert.doesNotMatch(card, /剩 0 天/);
  });

  test('狀態: "late" only for a store whose due period is really not done; a done store hears its next deadline', async () => {
    t.clock.set(TAIPEI('2026-11-20T10:00:00'));
    const user = 'U-late-or-not';
    const done = await registered(user, '完成店');
    const late = await registered(user, '遲交店', '10458575');
    await periodIs(done.id, '11510', 'confirmed');
    const text = allText(await t.say(user, '狀態'));
    const [doneBlock, lateBlock] = text.split('【遲交店】');
    assert.match(doneBlock ?? '', /115年9-10月：平台已查到 ✅/);
    assert.doesNotMatch(doneBlock ?? '', /已經過了/, 'no "late" line next to 平台已查到 ✅');
    assert.match(doneBlock ?? '', /115年11-12月/);
    assert.match(lateBlock ?? '', /115年9-10月：待上傳/);
    assert.match(lateBlock ?? '', /已經過了，還是要補上傳/);
    void late;
  });
});

describe('one wording for a period\'s state, everywhere', () => {
  beforeEach(() => t.clock.set(TAIPEI('2026-11-03T10:00:00')));

  const cases: ReadonlyArray<[string, PeriodState, AttentionReason | null, RegExp]> = [
    ['to-report', 'pending', null, /115年9-10月：待上傳/],
    ['submitted', 'submitted', null, /115年9-10月：已送出（等平台查詢）/],
    ['confirmed', 'confirmed', null, /115年9-10月：平台已查到 ✅/],
    ['nothing', 'nothing_to_report', null, /115年9-10月：這期沒有空白發票/],
    ['captcha timeout', 'pending', 'captcha-timeout', /115年9-10月：需要處理：驗證碼沒有回覆，還沒上傳/],
    ['wrong password', 'pending', 'bad-credentials', /115年9-10月：需要處理：平台帳號或密碼不對/],
    ['gave up', 'pending', 'gave-up', /115年9-10月：需要處理：上傳沒有成功/],
    ['refused', 'pending', 'refused', /115年9-10月：需要處理：平台退回了號碼/],
  ];
  for (const [name, state, reason, expected] of cases) {
    test(`狀態 for a period that is ${name}`, async () => {
      const user = `U-status-${name.replace(/\s/g, '-')}`;
      const store = await registered(user);
      await periodIs(store.id, '11510', state, reason);
      const answer = await t.say(user, '狀態');
      assert.match(allText(answer), expected);
      if (reason) assert.ok(labelsOf(answer).length > 0 && labelsOf(answer)[0] !== '上傳空白發票', 'the fix comes first');
    });
  }

  test('queued with a job waiting for the captcha reads 等你回覆驗證碼; queued with none left reads 需要處理', async () => {
    const user = 'U-status-queued';
    const store = await registered(user);
    const periodId = await periodIs(store.id, '11510', 'queued');
    assert.match(allText(await t.say(user, '狀態')), /115年9-10月：需要處理：上傳沒有成功/);
    const now = t.clock.now();
    await t.database.db
      .insertInto('jobs')
      .values({ id: 'job-q', kind: 'submit', key: `submit:${periodId}:x`, payload_json: JSON.stringify({ storePeriodId: periodId }), state: 'running', attempts: 1, max_attempts: 5, run_at: now.toISOString(), locked_by: 'w', locked_until: new Date(now.getTime() + 60_000).toISOString(), last_error: null, created_at: now.toISOString(), updated_at: now.toISOString(), finished_at: null })
      .execute();
    assert.match(allText(await t.say(user, '狀態')), /115年9-10月：上傳中/);
    await t.database.db
      .insertInto('captcha_requests')
      .values({ id: 'cr-q', line_user_id: user, job_id: 'job-q', attempt: 1, status: 'waiting', answer: null, queued_at: now.toISOString(), asked_at: now.toISOString(), expires_at: new Date(now.getTime() + 600_000).toISOString(), answered_at: null })
      .execute();
    assert.match(allText(await t.say(user, '狀態')), /115年9-10月：等你回覆驗證碼/);
  });
});

describe('buttons never move a period backwards', () => {
  beforeEach(() => t.clock.set(TAIPEI('2026-11-03T10:00:00')));

  async function tapPostback(user: string, data: string) {
    await t.fake.postback(user, data);
    await t.bot.settle();
    return t.fake.waitForMessages(user, 1);
  }

  test('a stale 再試一次 or 這期沒有空白發票 on a confirmed period changes nothing and says where it is', async () => {
    const user = 'U-stale-confirmed';
    const store = await registered(user);
    await periodIs(store.id, '11510', 'confirmed');
    const params = { s: store.id, p: '11510' };
    const retry = await tapPostback(user, encodePostback('retry', undefined, params));
    assert.match(allText(retry), /平台已查到 ✅/);
    const nothing = await tapPostback(user, encodePostback('nothing', undefined, params));
    assert.match(allText(nothing), /已經上傳過號碼了/);
    const confirmNothing = await tapPostback(user, encodePostback('confirmNothing', undefined, params));
    assert.match(allText(confirmNothing), /已經上傳過號碼了/);
    assert.deepEqual(await stateOf(store.id, '11510'), { state: 'confirmed', attention_reason: null });
    const jobs = await t.database.db.selectFrom('jobs').select('id').where('key', 'like', `submit:sp-${store.id}-11510:%`).execute();
    assert.equal(jobs.length, 0);
  });

  test('這期沒有空白發票 asks 確定 first (typed 沒有 too), says how to undo, and 改回要上傳 undoes it', async () => {
    const user = 'U-nothing-confirm';
    const store = await registered(user);
    const asked = await t.say(user, '沒有');
    assert.match(allText(asked), /確定「小林咖啡」115年9-10月 沒有空白發票嗎/);
    assert.equal(await stateOf(store.id, '11510'), undefined, 'nothing is recorded before 確定');
    const recorded = await t.say(user, '確定');
    assert.match(allText(recorded), /改回要上傳/);
    assert.equal((await stateOf(store.id, '11510'))?.state, 'nothing_to_report');
    const undone = await t.tap(user, '改回要上傳');
    assert.match(allText(undone), /改回「待上傳」/);
    assert.equal((await stateOf(store.id, '11510'))?.state, 'pending');
  });
});

describe('owner input is never thrown away', () => {
  beforeEach(() => t.clock.set(TAIPEI('2026-11-03T10:00:00')));

  test('after idle expiry, commands still work', async () => {
    const user = 'U-idle-status';
    await registered(user);
    await t.tap(user, '上傳空白發票');
    t.clock.advance(45 * 60_000);
    const status = allText(await t.say(user, '狀態'));
    assert.match(status, /你的商店上傳狀態/);
    assert.doesNotMatch(status, /超過 30 分鐘/);
  });

  test('ranges pasted with no step open start the upload for the period due now, straight to the card', async () => {
    const user = 'U-paste-idle';
    await registered(user);
    const card = allText(await t.say(user, 'MM16937074-16937099'));
    assert.match(card, /確認上傳空白發票/);
    assert.match(card, /115年9-10月/);
  });

  test('with two stores, pasted ranges ask only which store, then show the card', async () => {
    const user = 'U-paste-two';
    await registered(user, '一號店');
    await registered(user, '二號店', '10458575');
    const asked = await t.say(user, 'MM16937074-16937099');
    assert.match(allText(asked), /哪一家店/);
    const card = allText(await t.tap(user, '二號店'));
    assert.match(card, /確認上傳空白發票/);
    assert.match(card, /二號店/);
  });

  test('a photo gets a helpful answer: how to type the numbers', async () => {
    const user = 'U-photo';
    await registered(user);
    await t.fake.sendImage(user);
    await t.bot.settle();
    const answer = allText(await t.fake.waitForMessages(user, 1));
    assert.match(answer, /看不懂照片/);
    assert.match(answer, /一行一段/);
  });
});

describe('head office and branch', () => {
  beforeEach(() => t.clock.set(TAIPEI('2026-11-03T10:00:00')));

  test('a branch gives its own 統編 first, then the head office\'s, which is used for the login', async () => {
    const user = 'U-branch';
    await t.follow(user);
    await t.tap(user, '設定我的商店');
    const asked = await t.say(user, '10458575');
    assert.match(allText(asked), /這家店是總公司底下的分店嗎？/);
    assert.deepEqual(labelsOf(asked).slice(0, 2), ['不是', '是分店']);
    assert.match(allText(await t.tap(user, '是分店')), /總公司的統一編號/);
    await t.say(user, '04595257');
    await t.tap(user, '一般稅額計算');
    await t.say(user, '中山分店');
    const store = await t.database.db.selectFrom('stores').selectAll().where('owner_line_user_id', '=', user).executeTakeFirstOrThrow();
    assert.equal(store.ubn, '04595257', 'the head office logs in');
    assert.equal(store.branch_ubn, '10458575', 'the branch is what the rows are for');
  });

  test('不是 or 沒有 typed at the branch question means not a branch', async () => {
    for (const answer of ['不是', '沒有']) {
      const user = `U-nobranch-${answer}`;
      await t.follow(user);
      await t.tap(user, '設定我的商店');
      await t.say(user, '04595257');
      const next = allText(await t.say(user, answer));
      assert.match(next, /發票類別/, `${answer} moves on`);
      assert.doesNotMatch(next, /統一編號.*(不對|錯)/);
    }
  });
});

describe('chips also work typed', () => {
  beforeEach(() => t.clock.set(TAIPEI('2026-11-03T10:00:00')));

  test('確認上傳 typed at the card confirms; 再試一次 typed finds the period that needs it', async () => {
    const user = 'U-typed-chips';
    const store = await registered(user);
    await t.tap(user, '上傳空白發票');
    await t.tap(user, '115年9-10月');
    await t.say(user, 'MM16937074-16937099');
    assert.match(allText(await t.say(user, '確認上傳')), /收到！/);
    await t.database.db.updateTable('jobs').set({ state: 'dead' }).execute();
    await t.database.db.updateTable('store_periods').set({ state: 'pending', attention_reason: 'captcha-timeout' }).where('store_id', '=', store.id).execute();
    assert.match(allText(await t.say(user, '再試一次')), /重新幫你上傳/);
    assert.equal((await stateOf(store.id, '11510'))?.state, 'queued');
  });
});

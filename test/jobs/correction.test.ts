import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { periodFromKey, type Period } from '../../src/invoice/period.ts';
import { formatTaipei } from '../../src/invoice/taipei-time.ts';
import { allText, labelsOf } from '../support/bot.ts';
import { HOUR, startJobsHarness, type JobsHarness } from '../support/jobs.ts';
import { COFFEE as SIM_COFFEE, driverFor, simulatorCaptchaSolver, testBrowser } from '../support/portal.ts';

const COFFEE = { ubn: '04595257', account: 'coffee01', password: 'Sim-Pass-1234' };
let h: JobsHarness;
const browser = testBrowser();
after(() => browser.close());

before(async () => {
  h = await startJobsHarness();
  h.t.clock.set(new Date('2026-11-02T02:00:00Z')); // 11/2 10:00 Taipei
});
after(() => h.stop());

/** A clean platform, and no job left over from an earlier test to hold the worker. */
const reset = async () => {
  await fetch(`${h.portalUrl}/__sim/reset`, { method: 'POST' });
  await h.t.database.db.updateTable('jobs').set({ state: 'cancelled' }).where('state', '=', 'pending').execute();
  await h.t.database.db.updateTable('captcha_requests').set({ status: 'cancelled' }).where('status', '=', 'waiting').execute();
};

/** The coffee account's rows for 115年9-10月 on the platform, listed in 查詢 yet or not. */
async function platformRows(): Promise<string[]> {
  const { rows } = (await (await fetch(`${h.portalUrl}/__sim/rows`)).json()) as { rows: Array<{ ubn: string; period: string; track: string; start: string; end: string }> };
  return rows
    .filter((row) => row.ubn === COFFEE.ubn && row.period === '11510')
    .map((row) => `${row.track}${row.start}-${row.end}`)
    .sort();
}

async function periodOf(storeId: string) {
  return h.t.database.db.selectFrom('store_periods').selectAll().where('store_id', '=', storeId).executeTakeFirstOrThrow();
}

async function rangesOf(storeId: string) {
  const period = await periodOf(storeId);
  const rows = await h.t.database.db.selectFrom('period_ranges').selectAll().where('store_period_id', '=', period.id).orderBy('track').orderBy('start_no').orderBy('end_no').execute();
  return rows.map((row) => `${row.track}${row.start_no}-${row.end_no} ${row.outcome}`);
}

async function submitJob(storeId: string) {
  const period = await periodOf(storeId);
  return h.t.database.db
    .selectFrom('jobs')
    .selectAll()
    .where('kind', '=', 'submit')
    .where('payload_json', '=', JSON.stringify({ storePeriodId: period.id }))
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
}

/** Every message to the owner since `since`, as LINE shows them. */
async function messagesSince(user: string, since: number) {
  return h.t.fake.waitForMessages(user, 0, { since, timeoutMs: 100 });
}

describe('修改已上傳的號碼 on the platform', () => {
  test('submit → ✅ → correct (one changed, one kept, one added) → deleted, then added → ✅ again', async () => {
    await reset();
    const user = 'U-correct-e2e';
    const store = await h.registerStore(user, COFFEE);
    await h.confirmRanges(user, 'MM16937074-16937099\nAB12345600-12345649');
    await h.waitForText(user, h.t.fake.mark(user), /已送出 ✔/);
    h.t.clock.advance(2 * HOUR + 60_000);
    await h.checkResult(user);
    assert.deepEqual(await platformRows(), ['AB12345600-12345649', 'MM16937074-16937099']);

    // The ✅ message offers the correction.
    const ask = await h.t.tap(user, '修改已上傳的號碼');
    assert.match(allText(ask), /已上傳的號碼：\nAB12345600–12345649（50 張）\nMM16937074–16937099（26 張）/);
    const card = await h.t.say(user, 'MM16937074-16937149\nAB12345600-12345649\nAB12345650-12345699');
    assert.match(allText(card), /會刪除\nMM16937074–16937099/);
    assert.match(allText(card), /不變\nAB12345600–12345649/);

    const since = h.t.fake.mark(user);
    assert.match(allText(await h.t.tap(user, '確認修改')), /收到！我會修改/);
    const done = await h.waitForText(user, since, /已修改 ✔/);
    assert.match(done, /請回覆圖中的 5 位數字/, 'the correction logs in with the owner answering the captcha');
    assert.match(done, /已修改 ✔「小林咖啡」115年9-10月 的空白發票：\n已刪除：\n• MM16937074–16937099（26 張）\n已新增：\n• AB12345650–12345699（50 張）\n• MM16937074–16937149（76 張）/);
    assert.doesNotMatch(done, /AB12345600/);
    assert.match(done, /平台約 2 小時後才查得到/);
    const result = (await messagesSince(user, since)).at(-1);
    assert.ok(result && labelsOf([result]).includes('修改已上傳的號碼'));

    assert.deepEqual(await platformRows(), ['AB12345600-12345649', 'AB12345650-12345699', 'MM16937074-16937149']);
    assert.deepEqual(await rangesOf(store.id), [
      'AB12345600-12345649 listed',
      'AB12345650-12345699 saved',
      'MM16937074-16937099 removed',
      'MM16937074-16937149 saved',
    ]);
    assert.equal((await periodOf(store.id)).state, 'submitted');

    // The next check: every wanted range listed, the removed one gone.
    h.t.clock.advance(2 * HOUR + 60_000);
    const proof = await h.checkResult(user);
    assert.match(proof, /AB 12345600–12345649/);
    assert.match(proof, /AB 12345650–12345699/);
    assert.match(proof, /MM 16937074–16937149/);
    assert.doesNotMatch(proof, /MM 16937074–16937099/);
    assert.equal((await periodOf(store.id)).state, 'confirmed');
    assert.deepEqual(await rangesOf(store.id), [
      'AB12345600-12345649 listed',
      'AB12345650-12345699 listed',
      'MM16937074-16937099 removed',
      'MM16937074-16937149 listed',
    ]);
  });

  test('corrected within 2 hours: one word that the platform is still processing, no captcha, and the change once it can list the rows', async () => {
    await reset();
    const user = 'U-correct-early';
    const store = await h.registerStore(user, COFFEE, '早改咖啡');
    await h.confirmRanges(user, 'MM16938000-16938049\nAB12345100-12345149');
    await h.waitForText(user, h.t.fake.mark(user), /已送出 ✔/);

    // Half an hour later, from the 已送出 message: one range changed, one kept.
    h.t.clock.advance(30 * 60_000);
    assert.match(allText(await h.t.tap(user, '修改已上傳的號碼')), /MM16938000–16938049（50 張）/);
    await h.t.say(user, 'MM16938000-16938099\nAB12345100-12345149');
    const since = h.t.fake.mark(user);
    await h.t.tap(user, '確認修改');
    const waiting = await h.waitForText(user, since, /平台還在處理/, { answerCaptchas: false });
    assert.doesNotMatch(waiting, /驗證碼圖片|請回覆圖中的 5 位數字/);
    assert.ok(!(await messagesSince(user, since)).some((m) => m.type === 'image'), 'no captcha before the platform can list the rows');

    const job = await submitJob(store.id);
    const [saved] = await h.t.database.db.selectFrom('period_ranges').select('saved_at').where('track', '=', 'MM').where('start_no', '=', 16938000).where('end_no', '=', 16938049).execute();
    assert.ok(saved?.saved_at);
    const runAt = new Date(job.run_at);
    assert.equal(job.state, 'pending');
    assert.equal(job.attempts, 0);
    assert.equal(runAt.getTime(), new Date(saved.saved_at).getTime() + 2 * HOUR + 5 * 60_000);
    assert.match(waiting, new RegExp(`我會在 ${formatTaipei(runAt, 'M/D HH:mm')} 左右再去修改`));
    assert.deepEqual(await rangesOf(store.id), ['AB12345100-12345149 saved', 'MM16938000-16938049 remove_queued', 'MM16938000-16938099 queued']);
    assert.equal((await periodOf(store.id)).state, 'queued');

    // Nothing happens on the platform meanwhile, and the owner is not told again.
    h.t.clock.advance(HOUR);
    h.jobs.kick();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const quiet = h.t.fake.mark(user);
    h.jobs.kick();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal((await messagesSince(user, quiet)).length, 0);
    assert.deepEqual(await platformRows(), ['AB12345100-12345149', 'MM16938000-16938049'].sort());

    // Once the platform lists the earlier rows: deleted, then added.
    h.t.clock.set(new Date(runAt.getTime() + 60_000));
    const done = await h.waitForText(user, h.t.fake.mark(user), /已修改 ✔/);
    assert.match(done, /已刪除：\n• MM16938000–16938049（50 張）\n已新增：\n• MM16938000–16938099（100 張）/);
    assert.deepEqual(await platformRows(), ['AB12345100-12345149', 'MM16938000-16938099']);
    assert.deepEqual(await rangesOf(store.id), ['AB12345100-12345149 saved', 'MM16938000-16938049 removed', 'MM16938000-16938099 saved']);
    const told = (await messagesSince(user, since)).filter((m) => /平台還在處理/.test(allText([m])));
    assert.equal(told.length, 1, 'told once');
    assert.equal((await submitJob(store.id)).state, 'done');
  });

  test('✅ only once a removed range is no longer listed', async () => {
    await reset();
    const user = 'U-correct-lingering';
    const store = await h.registerStore(user, COFFEE, '刪除咖啡');
    await h.confirmRanges(user, 'MM16939000-16939049\nAB12345200-12345249');
    await h.waitForText(user, h.t.fake.mark(user), /已送出 ✔/);
    h.t.clock.advance(2 * HOUR + 60_000);
    await h.checkResult(user);

    // Only a removal: AB was not blank after all.
    await h.t.tap(user, '修改已上傳的號碼');
    const card = allText(await h.t.say(user, 'MM16939000-16939049'));
    assert.match(card, /會刪除\nAB12345200–12345249/);
    assert.doesNotMatch(card, /會新增/);
    const since = h.t.fake.mark(user);
    await h.t.tap(user, '確認修改');
    const done = await h.waitForText(user, since, /已修改 ✔/);
    assert.match(done, /已刪除：\n• AB12345200–12345249（50 張）/);
    assert.doesNotMatch(done, /已新增/);
    assert.deepEqual(await platformRows(), ['MM16939000-16939049']);

    // Someone puts the range back on the platform: the next check must not say ✅.
    const period = periodFromKey('11510') as Period;
    const { driver } = driverFor(h.portalUrl, browser);
    const onPlatform = (work: Parameters<typeof driver.withSession>[0]) =>
      driver.withSession(async (session) => {
        await session.login(SIM_COFFEE.credentials(), simulatorCaptchaSolver(h.portalUrl));
        return work(session);
      });
    await onPlatform((session) => session.addBlankRanges(SIM_COFFEE.store, period, [{ track: 'AB', start: 12345200, end: 12345249 }]));
    h.t.clock.advance(2 * HOUR + 60_000);
    const notYet = await h.checkResult(user, /平台還查不到/);
    assert.match(notYet, /AB12345200–12345249（已經刪除，平台上還看得到）/);
    assert.match(notYet, /左右我再請你看一次/, 'a later look is offered');
    assert.equal((await periodOf(store.id)).state, 'submitted');

    // Deleted again: the next look (offered later, in the daytime) confirms.
    await onPlatform((session) => session.deleteBlankRanges(SIM_COFFEE.store, period, [{ track: 'AB', start: 12345200, end: 12345249 }]));
    const nextPrompt = await h.t.database.db.selectFrom('jobs').select('run_at').where('kind', '=', 'proof-prompt').where('state', '=', 'pending').executeTakeFirstOrThrow();
    const hoursLater = (new Date(nextPrompt.run_at).getTime() - h.t.clock.now().getTime()) / HOUR;
    assert.ok(hoursLater >= 4, `the next look comes at least 4 hours later (${hoursLater.toFixed(1)} h)`);
    h.t.clock.set(new Date(nextPrompt.run_at));
    const proof = await h.checkResult(user);
    assert.match(proof, /MM 16939000–16939049/);
    assert.doesNotMatch(proof, /AB 12345200/);
    assert.equal((await periodOf(store.id)).state, 'confirmed');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { allText, labelsOf } from '../support/bot.ts';
import { HOUR, startJobsHarness, type JobsHarness } from '../support/jobs.ts';

const COFFEE = { ubn: '04595257', account: 'coffee01', password: 'Sim-Pass-1234' };
const SNACK = { ubn: '10458575', account: 'snack01', password: 'Sim-Pass-5678' };
let h: JobsHarness;

before(async () => {
  h = await startJobsHarness();
  h.t.clock.set(new Date('2026-11-02T02:00:00Z'));
});
after(() => h.stop());
/** A clean platform, and no job left over from an earlier test to hold the worker. */
const reset = async () => {
  await fetch(`${h.portalUrl}/__sim/reset`, { method: 'POST' });
  await h.t.database.db.updateTable('jobs').set({ state: 'cancelled' }).where('state', '=', 'pending').execute();
  await h.t.database.db.updateTable('captcha_requests').set({ status: 'cancelled' }).where('status', '=', 'waiting').execute();
};

/** Where the period stands; a failure must leave it needing the owner, never "queued" with nothing queued. */
async function needs(storeId: string) {
  return h.t.database.db.selectFrom('store_periods').select(['state', 'attention_reason']).where('store_id', '=', storeId).executeTakeFirstOrThrow();
}

async function jobsOf(kind: string) {
  return h.t.database.db.selectFrom('jobs').selectAll().where('kind', '=', kind).orderBy('created_at').execute();
}

async function periodOf(storeId: string) {
  return h.t.database.db.selectFrom('store_periods').selectAll().where('store_id', '=', storeId).executeTakeFirstOrThrow();
}

describe('what the owner hears when the platform says no', () => {
  test('a range the platform refuses: which range, its reason, and a button to fix it', async () => {
    await reset();
    const user = 'U-refused';
    const store = await h.registerStore(user, COFFEE, '退回測試');
    await h.confirmRanges(user, 'MM99990000-99990049');
    const since = h.t.fake.mark(user);
    const result = await h.waitForText(user, since, /有號碼被平台退回/);
    assert.match(result, /MM99990000–99990049：號碼不在這期配給你的範圍內/);
    assert.doesNotMatch(result, /配號區間內/, 'the platform\'s own words are put plainly');
    assert.ok(labelsOf(await h.t.fake.waitForMessages(user, 1, { since })).includes('修改號碼'));
    assert.equal((await periodOf(store.id)).state, 'pending');
    assert.equal((await periodOf(store.id)).attention_reason, 'refused');
    const [job] = await jobsOf('submit');
    assert.equal(job?.state, 'done');
    // 修改號碼 starts the upload for that store and period.
    assert.match(allText(await h.t.tap(user, '修改號碼')), /115年9-10月「未使用」/);
    await h.t.say(user, '取消');
  });

  test('a wrong platform password: a fresh one-time link, and the job is done', async () => {
    await reset();
    const user = 'U-badpw';
    const store = await h.registerStore(user, { ...SNACK, password: 'wrong-password' }, '帳密錯誤');
    await h.confirmRanges(user, 'ZZ00000000-00000049');
    const since = h.t.fake.mark(user);
    await h.waitForText(user, since, /帳號或密碼不對/);
    // The period needs the owner now: 狀態 says so (not 上傳中) and the reminders keep coming.
    assert.deepEqual(await needs(store.id), { state: 'pending', attention_reason: 'bad-credentials' });
    assert.match(allText(await h.t.say(user, '狀態')), /需要處理：平台帳號或密碼不對/);
    assert.match(JSON.stringify(await h.t.fake.waitForMessages(user, 1, { since })), /https:\/\/bot\.example\.test\/forms\/credentials\//);
    const submit = (await jobsOf('submit')).at(-1);
    assert.equal(submit?.state, 'done');
    assert.ok(!h.t.logs().includes('wrong-password'));
  });

  test('platform maintenance: one message saying when, and a retry later that spends no attempt', async () => {
    await reset();
    const user = 'U-maint';
    await h.registerStore(user, SNACK, '維護測試');
    h.simulator.setFaults({ maintenance: true });
    await h.confirmRanges(user, 'ZZ00000100-00000149');
    const since = h.t.fake.mark(user);
    assert.match(await h.waitForText(user, since, /平台正在維護/), /再試一次/);
    const submit = (await jobsOf('submit')).at(-1);
    assert.equal(submit?.state, 'pending');
    assert.equal(submit?.attempts, 0);
    h.simulator.setFaults({ maintenance: false });
    h.t.clock.advance(31 * 60_000);
    assert.match(await h.waitForText(user, h.t.fake.mark(user), /已送出 ✔/), /維護測試/);
    h.t.clock.advance(-31 * 60_000);
  });

  test('no captcha answer within 10 minutes: the job stops with 再試一次', async () => {
    await reset();
    const user = 'U-nocaptcha';
    const store = await h.registerStore(user, COFFEE, '驗證碼逾時');
    await h.confirmRanges(user, 'AB12345000-12345049');
    const since = h.t.fake.mark(user);
    await h.waitForText(user, since, /請回覆圖中的 5 位數字/, { answerCaptchas: false });
    h.t.clock.advance(10 * 60_000 + 1000);
    const stopped = await h.waitForText(user, since, /等不到驗證碼/, { answerCaptchas: false });
    assert.match(stopped, /等不到驗證碼/);
    assert.match(stopped, /115年9-10月/, 'the message names the period');
    assert.match(stopped, /11\/10 前要上傳/, 'and the deadline');
    h.t.clock.advance(-(10 * 60_000 + 1000));
    assert.deepEqual(await needs(store.id), { state: 'pending', attention_reason: 'captcha-timeout' });
    const submit = (await jobsOf('submit')).at(-1);
    assert.equal(submit?.state, 'done');
    // 再試一次 queues the submission again.
    assert.match(allText(await h.t.tap(user, '再試一次')), /重新幫你上傳/);
    // The worker may already have picked it up.
    assert.equal((await jobsOf('submit')).filter((j) => j.state === 'pending' || j.state === 'running').length, 1);
    await h.t.database.db.updateTable('jobs').set({ state: 'cancelled' }).where('state', '=', 'pending').execute();
  });

  test('a server error every time: retried with backoff, then dead, and the owner is told once', async () => {
    await reset();
    const user = 'U-dead';
    const store = await h.registerStore(user, SNACK, '一直失敗');
    h.simulator.setFaults({ saveServerError: true });
    await h.confirmRanges(user, 'ZZ00000200-00000249');
    const since = h.t.fake.mark(user);
    let gaveUp: string | undefined;
    for (let round = 0; round < 10 && !gaveUp; round += 1) {
      gaveUp = await h.waitForText(user, since, /試了好幾次都沒有成功/, { timeoutMs: 8000 }).catch(() => undefined);
      h.t.clock.advance(HOUR); // past the backoff
    }
    h.simulator.setFaults({ saveServerError: false });
    assert.ok(gaveUp, 'the owner was told the job gave up');
    const submit = (await jobsOf('submit')).at(-1);
    assert.equal(submit?.state, 'dead');
    assert.equal(submit?.attempts, submit?.max_attempts);
    const told = (await h.t.fake.waitForMessages(user, 1, { since, timeoutMs: 100 })).filter((m) => /試了好幾次/.test(allText([m])));
    assert.equal(told.length, 1);
    assert.deepEqual(await needs(store.id), { state: 'pending', attention_reason: 'gave-up' });
  });
});

describe('proof that does not come', () => {
  test('not listed yet: checked again every 30 minutes; a day before the deadline the owner is warned once', async () => {
    await reset();
    const user = 'U-missing';
    const store = await h.registerStore(user, COFFEE, '查不到');
    await h.confirmRanges(user, 'MM16940000-16940049');
    assert.match(await h.waitForText(user, h.t.fake.mark(user), /已送出 ✔/), /查不到/);
    await fetch(`${h.portalUrl}/__sim/reset`, { method: 'POST' }); // the platform lost the row

    h.t.clock.advance(2 * HOUR + 60_000);
    const checked = h.t.fake.mark(user);
    await h.waitForText(user, checked, /收到，繼續處理中/); // the check logs in (the owner answers its captcha)…
    let verify = (await jobsOf('verify')).at(-1);
    for (let i = 0; i < 300 && verify?.state !== 'pending'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      verify = (await jobsOf('verify')).at(-1);
    }
    // …finds nothing and looks again in 30 minutes, without spending an attempt or bothering the owner.
    assert.equal(verify?.state, 'pending');
    assert.equal(verify?.attempts, 0);
    assert.ok(Math.abs(new Date(verify?.run_at ?? 0).getTime() - (h.t.clock.now().getTime() + 30 * 60_000)) < 120_000);

    h.t.clock.set(new Date('2026-11-10T03:00:00Z')); // 11/10 11:00 Taipei: less than a day left
    const warned = await h.waitForText(user, h.t.fake.mark(user), /還有號碼在平台查不到/);
    assert.match(warned, /MM16940000–16940049/);
    assert.equal((await periodOf(store.id)).state, 'submitted');
    h.t.clock.advance(31 * 60_000);
    const later = h.t.fake.mark(user);
    await h.waitForText(user, later, /要到財政部平台確認|還有號碼在平台查不到/, { timeoutMs: 20_000 }).catch(() => '');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const again = (await h.t.fake.waitForMessages(user, 0, { since: later })).filter((m) => /還有號碼在平台查不到/.test(allText([m])));
    assert.equal(again.length, 0, 'warned only once');
    await h.t.database.db.updateTable('jobs').set({ state: 'cancelled' }).where('state', '=', 'pending').execute();
  });
});

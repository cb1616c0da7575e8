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
    const since = await h.confirmRanges(user, 'MM99990000-99990049');
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
    const since = await h.confirmRanges(user, 'ZZ00000000-00000049');
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
    const since = await h.confirmRanges(user, 'ZZ00000100-00000149');
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
    const since = await h.confirmRanges(user, 'AB12345000-12345049');
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
    // 再試一次 queues the submission again, and this time the owner answers the captcha.
    const retried = h.t.fake.mark(user);
    assert.match(allText(await h.t.tap(user, '再試一次')), /重新幫你上傳/);
    // The worker may already have picked it up.
    assert.equal((await jobsOf('submit')).filter((j) => j.state === 'pending' || j.state === 'running').length, 1);
    // Seen through to the end, so no job of this test is left holding the worker for the next one.
    assert.match(await h.waitForText(user, retried, /已送出 ✔/), /驗證碼逾時/);
  });

  test('a server error every time: retried with backoff, then dead, and the owner is told once', async () => {
    await reset();
    const user = 'U-dead';
    const store = await h.registerStore(user, SNACK, '一直失敗');
    h.simulator.setFaults({ saveServerError: true });
    const since = await h.confirmRanges(user, 'ZZ00000200-00000249');
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
  test('not listed yet: said with a later look (at most three, in daytime, further apart); a day before the deadline one warning', async () => {
    await reset();
    const user = 'U-missing';
    const store = await h.registerStore(user, COFFEE, '查不到');
    await h.confirmRanges(user, 'MM16940000-16940049');
    assert.match(await h.waitForText(user, h.t.fake.mark(user), /已送出 ✔/), /查不到/);
    await fetch(`${h.portalUrl}/__sim/reset`, { method: 'POST' }); // the platform lost the row

    const looks: number[] = [];
    h.t.clock.advance(2 * HOUR + 60_000);
    for (let round = 1; round <= 3; round += 1) {
      const answer = await h.checkResult(user, /平台還查不到/);
      assert.match(answer, /MM16940000–16940049/);
      looks.push(h.t.clock.now().getTime());
      const next = await h.t.database.db.selectFrom('jobs').select('run_at').where('kind', '=', 'proof-prompt').where('state', '=', 'pending').executeTakeFirst();
      if (round < 3) {
        assert.match(answer, /左右我再請你看一次/);
        assert.ok(next, `round ${round}: a later look is offered`);
        const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hour12: false, timeZone: 'Asia/Taipei' }).format(new Date(next.run_at)));
        assert.ok(hour >= 9 && hour < 21, `the look is offered in the daytime, not at ${hour}:00`);
        h.t.clock.set(new Date(next.run_at));
      } else {
        assert.equal(next, undefined, 'no fourth look');
        assert.match(answer, /建議按「再試一次」/);
      }
    }
    assert.ok((looks[2] ?? 0) - (looks[1] ?? 0) > (looks[1] ?? 0) - (looks[0] ?? 0), 'further apart each time');
    assert.deepEqual(await needs(store.id), { state: 'submitted', attention_reason: 'not-listed' });

    // A day before the deadline (evening of 11/9 at the latest): one warning, with the way to act.
    h.t.clock.set(new Date('2026-11-09T12:01:00Z')); // 11/9 20:01 Taipei: a day before would be night, so the evening before
    const warned = await h.waitForText(user, h.t.fake.mark(user), /離期限（11\/10）剩不到一天/);
    assert.match(warned, /查看結果|再試一次/);
    h.t.clock.advance(HOUR);
    const later = h.t.fake.mark(user);
    h.jobs.kick();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await h.t.bot.outbox.deliverDue();
    const again = (await h.t.fake.waitForMessages(user, 0, { since: later })).filter((m) => /剩不到一天/.test(allText([m])));
    assert.equal(again.length, 0, 'warned only once');
  });
});

// Editing a period while its submission job runs: the job files what the owner wants now
// (before it reaches 存檔), or — once it is saving — finishes and the difference follows as a
// correction. Never the old numbers reported as the new, never silently.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { allText } from '../support/bot.ts';
import { HOUR, startJobsHarness, type JobsHarness } from '../support/jobs.ts';

const COFFEE = { ubn: '04595257', account: 'coffee01', password: 'Sim-Pass-1234' };
let h: JobsHarness;

before(async () => {
  h = await startJobsHarness();
  h.t.clock.set(new Date('2026-11-02T02:00:00Z'));
});
after(() => h.stop());

/** A clean platform, and no job left over from an earlier test to hold the worker. */
async function reset() {
  await fetch(`${h.portalUrl}/__sim/reset`, { method: 'POST' });
  await h.t.database.db.updateTable('jobs').set({ state: 'cancelled' }).where('state', 'in', ['pending', 'running']).execute();
  await h.t.database.db.updateTable('captcha_requests').set({ status: 'cancelled' }).where('status', '=', 'waiting').execute();
}

const simRows = () => h.simulator.state.rows().map((row) => `${row.track}${row.start}-${row.end}`).sort();

async function reupload(user: string, ranges: string) {
  await h.t.tap(user, '上傳空白發票');
  await h.t.tap(user, '115年9-10月');
  await h.t.say(user, ranges);
  return allText(await h.t.tap(user, '確認上傳'));
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    h.jobs.kick();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('editing a period while its job runs', () => {
  test('during the captcha wait: the job files the new numbers, and the owner is told it will', async () => {
    await reset();
    const user = 'U-edit-captcha';
    await h.registerStore(user, COFFEE, '改號碼');
    const since = await h.confirmRanges(user, 'MM16937074-16937099');
    await h.waitForText(user, since, /請回覆圖中的 5 位數字/, { answerCaptchas: false });

    const answer = await reupload(user, 'MM16937080-16937099');
    assert.match(answer, /剛剛那次還沒送出，我會改用這次的號碼上傳/);

    const after = h.t.fake.mark(user);
    await h.answerLatestCaptcha(user);
    const sent = await h.waitForText(user, after, /已送出 ✔/);
    assert.match(sent, /MM16937080–16937099/);
    assert.doesNotMatch(sent, /MM16937074–16937099/);
    assert.deepEqual(simRows(), ['MM16937080-16937099']);
    const submits = await h.t.database.db.selectFrom('jobs').select('state').where('kind', '=', 'submit').execute();
    assert.equal(submits.length, 1, 'one job, which took the new list');
  });

  test('while it is saving: it finishes, the owner is told which, and the difference follows as a correction', async () => {
    await reset();
    const user = 'U-edit-saving';
    const store = await h.registerStore(user, COFFEE, '存檔中改');
    const since = await h.confirmRanges(user, 'AB12345600-12345649');
    await h.waitForText(user, since, /請回覆圖中的 5 位數字/, { answerCaptchas: false });
    // A slow platform holds the job in its saving step long enough for the owner to type.
    h.simulator.setFaults({ slowMs: 400 });
    const answering = h.waitForText(user, since, /已送出 ✔/);
    await until(async () => {
      const row = await h.t.database.db.selectFrom('store_periods').select('saving_job_id').where('store_id', '=', store.id).executeTakeFirst();
      return row?.saving_job_id ? true : undefined;
    }, 'the job to start saving');
    const answer = await reupload(user, 'AB12345610-12345649');
    assert.match(answer, /正在送出，改不了了；等它完成，我會接著把不一樣的地方改過來/);
    const sent = await answering;
    h.simulator.setFaults({ slowMs: 0 });
    assert.match(sent, /AB12345600–12345649/, 'the job reports what it really filed');
    assert.deepEqual(simRows(), ['AB12345600-12345649']);

    // The follow-up waits until the platform lists the first row, then deletes it and adds the new one.
    await h.waitForText(user, since, /平台還在處理/, { answerCaptchas: false });
    const follow = h.t.fake.mark(user);
    h.t.clock.advance(2 * HOUR + 10 * 60_000);
    const corrected = await h.waitForText(user, follow, /已修改 ✔/);
    assert.match(corrected, /已刪除：\n• AB12345600–12345649/);
    assert.match(corrected, /已新增：\n• AB12345610–12345649/);
    assert.deepEqual(simRows(), ['AB12345610-12345649']);
    h.t.clock.advance(-(2 * HOUR + 10 * 60_000));
  });
});

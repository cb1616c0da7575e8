// Proof on the owner's tap: one daytime invitation, the check only when the owner asks, and no
// captcha when the platform still accepts the session saved at upload time.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makePeriod } from '../../src/invoice/period.ts';
import { daytimeFrom, firstPromptAt, warningAt } from '../../src/jobs/proof-prompts.ts';
import { allText } from '../support/bot.ts';
import { HOUR, startJobsHarness, type JobsHarness } from '../support/jobs.ts';

const COFFEE = { ubn: '04595257', account: 'coffee01', password: 'Sim-Pass-1234' };
const taipei = (local: string) => new Date(`${local}+08:00`);

describe('when the invitations come', () => {
  test('daytime only: 09:00–21:00 Asia/Taipei; a night moment waits for 09:00', () => {
    assert.deepEqual(daytimeFrom(taipei('2026-11-03T14:00:00')), taipei('2026-11-03T14:00:00'));
    assert.deepEqual(daytimeFrom(taipei('2026-11-03T21:30:00')), taipei('2026-11-04T09:00:00'));
    assert.deepEqual(daytimeFrom(taipei('2026-11-04T06:10:00')), taipei('2026-11-04T09:00:00'));
  });

  test('the first one VERIFY_DELAY after 已送出; an evening upload is invited the next morning', () => {
    assert.deepEqual(firstPromptAt(taipei('2026-11-03T10:00:00'), 2 * HOUR), taipei('2026-11-03T12:00:00'));
    assert.deepEqual(firstPromptAt(taipei('2026-11-03T20:00:00'), 2 * HOUR), taipei('2026-11-04T09:00:00'));
  });

  test('the deadline warning a day before, or the evening before when that is night', () => {
    assert.deepEqual(warningAt(makePeriod(115, 9)), taipei('2026-11-09T20:00:00'));
  });
});

describe('proof on the owner\'s tap', () => {
  let h: JobsHarness;
  before(async () => {
    // A platform that keeps an idle session for hours: the check can carry on from the upload's.
    h = await startJobsHarness({ sessionIdleMs: 6 * HOUR });
    h.t.clock.set(taipei('2026-11-02T10:00:00'));
  });
  after(() => h.stop());

  test('while the platform still accepts the session saved at upload, 查看結果 needs no captcha', async () => {
    const user = 'U-saved-session';
    const store = await h.registerStore(user, COFFEE, '免驗證碼');
    await h.confirmRanges(user, 'MM16941000-16941049');
    await h.waitForText(user, h.t.fake.mark(user), /已送出 ✔/);
    h.t.clock.advance(2 * HOUR + 60_000);
    const proof = await h.checkResult(user);
    assert.match(proof, /✅ 平台已查到「免驗證碼」/);
    assert.doesNotMatch(proof, /驗證碼，請回覆/, 'no captcha asked for the check');
    const period = await h.t.database.db.selectFrom('store_periods').select('id').where('store_id', '=', store.id).executeTakeFirstOrThrow();
    const verifyJobs = await h.t.database.db.selectFrom('jobs').select('id').where('key', 'like', `verify:${period.id}:%`).execute();
    const asked = await h.t.database.db.selectFrom('captcha_requests').select('id').where('job_id', 'in', verifyJobs.map((job) => job.id)).execute();
    assert.equal(asked.length, 0);
    const session = await h.t.database.db.selectFrom('platform_sessions').select('sealed_state').where('store_id', '=', store.id).executeTakeFirstOrThrow();
    assert.doesNotMatch(session.sealed_state, /SIMSESSION/, 'the saved cookies are sealed');
  });

  test('a 查看結果 tap on a period already confirmed says so and checks nothing', async () => {
    const user = 'U-saved-session';
    const since = h.t.fake.mark(user);
    await h.t.fake.tap(user, '查看結果');
    await h.t.bot.settle();
    assert.match(allText(await h.t.fake.waitForMessages(user, 1, { since })), /平台已經查到了 ✅/);
  });
});

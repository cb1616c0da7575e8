import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { JobRuntime } from '../../src/jobs/runtime.ts';
import type { BotMessage } from '../../src/sim/line/index.ts';
import { saveSealedCredentials, storesOf } from '../../src/stores/repository.ts';
import { PortalCredentials, sealCredentials } from '../../src/vault/credentials.ts';
import { allText, labelsOf, type TestBot } from '../support/bot.ts';
import { HOUR, startJobsHarness, type JobsHarness } from '../support/jobs.ts';

let h: JobsHarness;
let t: TestBot;
let jobs: JobRuntime;
let simulator: JobsHarness['simulator'];
let portal: { url: string };

before(async () => {
  // Today's platform: the single-page app (login behind 登入, dialogs, picker widgets).
  h = await startJobsHarness({ layout: 'spa' });
  ({ t, jobs, simulator } = h);
  portal = { url: h.portalUrl };
  t.clock.set(new Date('2026-11-01T01:59:00Z')); // 11/1 09:59 Taipei, a minute before the first reminder
});
after(() => h.stop());

/** Waits for the bot's next messages to this owner, letting the worker and the outbox run. */
async function nextMessages(user: string, since: number, count = 1, timeoutMs = 30_000): Promise<BotMessage[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await t.bot.outbox.deliverDue();
    const arrived = t.fake.conversation(user).filter((entry) => entry.from === 'bot');
    const messages = await t.fake.waitForMessages(user, count, { since, timeoutMs: 200 }).catch(() => undefined);
    if (messages) return messages;
    if (Date.now() > deadline) throw new Error(`no answer for ${user}; so far: ${JSON.stringify(arrived).slice(0, 2000)}`);
  }
}

/** The owner reads the captcha image LINE shows them and types its digits. */
async function answerCaptcha(user: string, messages: readonly BotMessage[]): Promise<void> {
  const image = messages.find((m) => m.type === 'image');
  assert.ok(image && image.type === 'image', `a captcha image among ${allText(messages)}`);
  assert.match(image.originalContentUrl, /^https:\/\/bot\.example\.test\/images\//);
  const bytes = Buffer.from(await (await fetch(t.localUrl(image.originalContentUrl))).arrayBuffer());
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { answer } = (await (await fetch(`${portal.url}/__sim/captcha-answer?sha256=${sha256}`)).json()) as { answer: string };
  assert.match(allText(await t.say(user, answer)), /收到/);
}

describe("end to end on today's platform (spa layout): reminder → upload → captcha → submission → verification → ✅", () => {
  test('the whole chore, with the owner only tapping and typing in LINE', async () => {
    const user = 'U-e2e';
    await t.follow(user);
    await t.tap(user, '設定我的商店');
    await t.say(user, '04595257');
    await t.tap(user, '不是');
    await t.tap(user, '一般稅額計算');
    await t.say(user, '小林咖啡');
    const [store] = await storesOf(t.database.db, user);
    assert.ok(store);
    await saveSealedCredentials(t.database.db, store.id, sealCredentials(t.vault, store.id, new PortalCredentials('04595257', 'coffee01', 'Sim-Pass-1234')), t.clock.now());

    // 10:00 on the 1st: the reminder.
    t.clock.advance(60_000);
    let since = t.fake.mark(user);
    await jobs.reminders.tick();
    jobs.kick();
    const reminder = await nextMessages(user, since);
    assert.match(allText(reminder), /115年9-10月/);
    assert.match(allText(reminder), /11\/10/);
    assert.ok(labelsOf(reminder).includes('開始上傳'));

    // One tap starts the upload for that store and period.
    assert.match(allText(await t.tap(user, '開始上傳')), /115年9-10月「未使用」/);
    const card = await t.say(user, 'MM16937074-16937099\nAB12345600-12345649');
    assert.match(allText(card), /確認上傳空白發票/);

    assert.match(allText(await t.tap(user, '確認上傳')), /收到！/);
    since = t.fake.mark(user);
    jobs.kick();
    // The platform asks for a captcha: the image is relayed to the owner.
    const captcha = await nextMessages(user, since, 2);
    await answerCaptcha(user, captcha);
    since = t.fake.mark(user);
    const result = await nextMessages(user, since);
    assert.match(allText(result), /已送出 ✔「小林咖啡」115年9-10月/);
    assert.match(allText(result), /MM16937074–16937099/);
    assert.equal(simulator.state.rows().length, 2);

    // Two hours later: the check, with one short word first and the captcha again.
    t.clock.advance(2 * HOUR + 60_000);
    since = t.fake.mark(user);
    jobs.kick();
    const verifyCaptcha = await nextMessages(user, since, 3);
    assert.match(allText(verifyCaptcha), /要到財政部平台確認/);
    await answerCaptcha(user, verifyCaptcha);
    since = t.fake.mark(user);
    const proof = await nextMessages(user, since, 2);
    assert.match(allText(proof), /✅ 平台已查到「小林咖啡」115年9-10月/);
    assert.match(allText(proof), /MM 16937074–16937099/);
    const screenshot = proof.find((m) => m.type === 'image');
    assert.ok(screenshot && screenshot.type === 'image');
    const png = Buffer.from(await (await fetch(t.localUrl(screenshot.originalContentUrl))).arrayBuffer());
    assert.equal(png.subarray(1, 4).toString(), 'PNG');

    const period = await t.database.db.selectFrom('store_periods').selectAll().where('store_id', '=', store.id).executeTakeFirstOrThrow();
    assert.equal(period.state, 'confirmed');
    const outcomes = await t.database.db.selectFrom('period_ranges').select('outcome').where('store_period_id', '=', period.id).execute();
    assert.deepEqual(outcomes.map((o) => o.outcome), ['listed', 'listed']);

    // Confirmed: the reminder on the 5th does not come.
    t.clock.set(new Date('2026-11-05T02:01:00Z'));
    since = t.fake.mark(user);
    await jobs.reminders.tick();
    jobs.kick();
    await t.bot.settle();
    await t.bot.outbox.deliverDue();
    await assert.rejects(t.fake.waitForMessages(user, 1, { since, timeoutMs: 1000 }), /but 0 arrived/);
  });
});

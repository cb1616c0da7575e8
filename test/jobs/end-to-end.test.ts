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

/** The digits of a captcha image the owner was shown (the simulator knows the answer for those exact bytes). */
async function digitsOf(messages: readonly BotMessage[]): Promise<string> {
  const image = messages.find((m) => m.type === 'image');
  assert.ok(image && image.type === 'image', `a captcha image among ${allText(messages)}`);
  assert.match(image.originalContentUrl, /^https:\/\/bot\.example\.test\/images\//);
  const bytes = Buffer.from(await (await fetch(t.localUrl(image.originalContentUrl))).arrayBuffer());
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { answer } = (await (await fetch(`${portal.url}/__sim/captcha-answer?sha256=${sha256}`)).json()) as { answer: string };
  return answer;
}

/** The owner taps or types, and the bot's answer comes back as the reply to it (a job's, a few seconds later). */
async function answerTo(user: string, act: () => Promise<unknown>, count = 1, timeoutMs = 30_000): Promise<BotMessage[]> {
  const since = t.fake.mark(user);
  await act();
  jobs.kick();
  return nextMessages(user, since, count, timeoutMs);
}

/** How the bot's messages to the owner went since a cursor: free replies and billed pushes. */
function kindsSince(user: string, from: number): { replies: number; pushes: number } {
  const bot = t.fake.conversation(user).slice(from).filter((entry) => entry.from === 'bot');
  return { replies: bot.filter((entry) => entry.kind === 'reply').length, pushes: bot.filter((entry) => entry.kind === 'push').length };
}

describe("end to end on today's platform (spa layout): reminder → upload → captcha → submission → 查看結果 → ✅", () => {
  test('the whole chore by taps and replies: two billed pushes for the period, every captcha and result a free reply', async () => {
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
    const periodStart = t.fake.conversation(user).length;
    let actions = 0;
    const owner = <T>(act: () => Promise<T>): Promise<T> => ((actions += 1), act());

    // 10:00 on the 1st: the reminder (billed push 1).
    t.clock.advance(60_000);
    let since = t.fake.mark(user);
    await jobs.reminders.tick();
    jobs.kick();
    const reminder = await nextMessages(user, since);
    assert.match(allText(reminder), /115年9-10月/);
    assert.match(allText(reminder), /11\/10/);
    assert.ok(labelsOf(reminder).includes('開始上傳'));

    // One tap starts the upload for that store and period.
    assert.match(allText(await owner(() => t.tap(user, '開始上傳'))), /115年9-10月「未使用」/);
    const card = await owner(() => t.say(user, 'MM16937074-16937099\nAB12345600-12345649'));
    assert.match(allText(card), /確認上傳空白發票/);

    // 確認上傳: 收到 and the platform's captcha come together, as the reply to the tap.
    const captcha = await owner(() => answerTo(user, () => t.fake.tap(user, '確認上傳').then(() => t.bot.settle()), 3));
    assert.match(allText(captcha), /收到！/);
    assert.match(allText(captcha), /「小林咖啡」115年9-10月：登入財政部平台要驗證碼/);
    const digits = await digitsOf(captcha);
    // The digits: 已送出 comes back as the reply to them.
    const result = await owner(() => answerTo(user, () => t.fake.sendText(user, digits).then(() => t.bot.settle())));
    assert.match(allText(result), /已送出 ✔「小林咖啡」115年9-10月/);
    assert.match(allText(result), /MM16937074–16937099/);
    assert.match(allText(result), /左右我會請你按「查看結果」/);
    assert.equal(simulator.state.rows().length, 2);

    // About two hours later, in the daytime: one short push (billed push 2), and no captcha unprompted.
    t.clock.advance(2 * HOUR + 60_000);
    since = t.fake.mark(user);
    jobs.kick();
    const prompt = await nextMessages(user, since);
    assert.match(allText(prompt), /「小林咖啡」115年9-10月 平台應該處理好了/);
    assert.ok(labelsOf(prompt).includes('查看結果'));
    assert.doesNotMatch(allText(prompt), /驗證碼/);

    // 查看結果: the captcha is the reply to the tap, ✅ the reply to the digits.
    const verifyCaptcha = await owner(() => answerTo(user, () => t.tap(user, '查看結果').catch(() => [])));
    const proof = await owner(() => answerTo(user, async () => t.fake.sendText(user, await digitsOf(verifyCaptcha)).then(() => t.bot.settle()), 2));
    assert.match(allText(proof), /✅ 平台已查到「小林咖啡」115年9-10月/);
    assert.match(allText(proof), /MM 16937074–16937099/);
    const screenshot = proof.find((m) => m.type === 'image');
    assert.ok(screenshot && screenshot.type === 'image');
    const png = Buffer.from(await (await fetch(t.localUrl(screenshot.originalContentUrl))).arrayBuffer());
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.ok(png.readUInt32BE(16) <= 640, 'the proof is the listing itself laid out for a phone, not the 1280-wide page');

    const period = await t.database.db.selectFrom('store_periods').selectAll().where('store_id', '=', store.id).executeTakeFirstOrThrow();
    assert.equal(period.state, 'confirmed');
    const outcomes = await t.database.db.selectFrom('period_ranges').select('outcome').where('store_period_id', '=', period.id).execute();
    assert.deepEqual(outcomes.map((o) => o.outcome), ['listed', 'listed']);

    // Billed as LINE counts them: the reminder and the 查看結果 invitation, nothing else.
    const kinds = kindsSince(user, periodStart);
    assert.equal(kinds.pushes, 2, `billed pushes for the period: ${JSON.stringify(kinds)}`);
    assert.ok(kinds.replies >= 6, 'everything else went out as free replies');
    assert.equal(actions, 6, 'owner actions for the period: 開始上傳, the numbers, 確認上傳, the digits, 查看結果, the digits');

    // Confirmed: the reminder on the 5th does not come, nor does the deadline warning.
    t.clock.set(new Date('2026-11-09T11:59:00Z'));
    since = t.fake.mark(user);
    await jobs.reminders.tick();
    jobs.kick();
    await t.bot.settle();
    await t.bot.outbox.deliverDue();
    await assert.rejects(t.fake.waitForMessages(user, 1, { since, timeoutMs: 1500 }), /but 0 arrived/);
  });
});

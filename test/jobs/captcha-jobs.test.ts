// One owner, several platform jobs at once (two stores, or an upload and a check): the owner
// is shown one captcha at a time, each naming its store and period, and each answer goes to
// the job whose image it was — with two workers really running the jobs side by side.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DEFAULT_REMINDER_SCHEDULE } from '../../src/jobs/reminders.ts';
import { createJobRuntime, type JobRuntime } from '../../src/jobs/runtime.ts';
import { createLogger } from '../../src/log.ts';
import type { BotMessage } from '../../src/sim/line/index.ts';
import { allText, labelsOf } from '../support/bot.ts';
import { HOUR, startJobsHarness, type JobsHarness } from '../support/jobs.ts';

const COFFEE = { ubn: '04595257', account: 'coffee01', password: 'Sim-Pass-1234' };
const SNACK = { ubn: '10458575', account: 'snack01', password: 'Sim-Pass-5678' };
const PROMPT = /「(.+?)」115年(?:9-10|7-8)月：登入財政部平台要驗證碼，請回覆圖中的 5 位數字。/;

let h: JobsHarness;
/** A second worker beside the harness's (which runs one job at a time): two jobs run at once. */
let second: JobRuntime;

before(async () => {
  h = await startJobsHarness();
  h.t.clock.set(new Date('2026-11-02T02:00:00Z'));
  second = createJobRuntime({
    db: h.t.database.db,
    log: createLogger('silent'),
    clock: h.t.clock,
    vault: h.t.vault,
    publicBaseUrl: h.t.publicBaseUrl,
    portalBaseUrl: h.portalUrl,
    chromiumPath: process.env.CHROMIUM_PATH,
    portalHeaded: false,
    dataDir: mkdtempSync(join(tmpdir(), 'jobs-data-')),
    verifyDelayMs: 2 * HOUR,
    pushBudget: 200,
    reminderSchedule: DEFAULT_REMINDER_SCHEDULE,
    concurrency: 1,
    paceMs: 0,
    pollMs: 100,
    leaseMs: 48 * HOUR,
    messagesQueued: () => h.t.bot.outbox.kick(),
  });
  second.worker.start();
});
after(async () => {
  await second.stop();
  await h.stop();
});
/** A clean platform, and no job of an earlier test (a check due in 2 hours, a captcha left unanswered) to take a worker. */
beforeEach(async () => {
  await fetch(`${h.portalUrl}/__sim/reset`, { method: 'POST' });
  await h.t.database.db.updateTable('jobs').set({ state: 'cancelled' }).where('state', '=', 'pending').execute();
  await h.t.database.db.updateTable('captcha_requests').set({ status: 'cancelled' }).where('status', 'in', ['queued', 'waiting', 'refreshing']).execute();
});

/** Lets both workers and the outbox run until a message since `since` matches. */
async function until(user: string, since: number, pattern: RegExp, timeoutMs = 30_000): Promise<BotMessage[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    h.jobs.kick();
    second.kick();
    await h.t.bot.outbox.deliverDue();
    const arrived = await h.t.fake.waitForMessages(user, 0, { since });
    if (pattern.test(allText(arrived))) return arrived;
    if (Date.now() > deadline) throw new Error(`no message matching ${String(pattern)} for ${user}; got:\n${allText(arrived)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function requestsNamed(storeName: string) {
  return h.t.database.db.selectFrom('captcha_requests').selectAll().where('store_name', '=', storeName).orderBy('place').execute();
}

/** Waits until one of these stores has a captcha request in this status. */
async function untilRequest(storeNames: readonly string[], status: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const has = async () => (await Promise.all(storeNames.map(requestsNamed))).flat().some((r) => r.status === status);
  while (!(await has())) {
    if (Date.now() > deadline) throw new Error(`no ${status} captcha request for ${storeNames.join(' or ')}`);
    h.jobs.kick();
    second.kick();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The captcha shown last: which store it names, and the digits the simulator drew in its image. */
async function shownCaptcha(messages: readonly BotMessage[]): Promise<{ store: string; digits: string }> {
  const at = messages.findLastIndex((m) => PROMPT.test(allText([m])));
  const image = messages[at - 1];
  assert.ok(image?.type === 'image', `an image right before the prompt in:\n${allText(messages)}`);
  assert.deepEqual(labelsOf([messages[at] as BotMessage]), ['換一張', '取消']);
  const bytes = Buffer.from(await (await fetch(h.t.localUrl(image.originalContentUrl))).arrayBuffer());
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { answer } = (await (await fetch(`${h.portalUrl}/__sim/captcha-answer?sha256=${sha256}`)).json()) as { answer: string };
  return { store: PROMPT.exec(allText([messages[at] as BotMessage]))?.[1] ?? '', digits: answer };
}

/** The owner uploads ranges for one of their stores (the bot asks which, as they have two). */
async function upload(user: string, storeName: string, ranges: string): Promise<void> {
  await h.t.tap(user, '上傳空白發票');
  await h.t.tap(user, storeName);
  await h.t.tap(user, '115年9-10月');
  await h.t.say(user, ranges);
  // The reply to 確認上傳 is held for the job's captcha (or its turn in line): nothing need come back at once.
  await h.t.fake.tap(user, '確認上傳');
  await h.t.bot.settle();
}

/** The owner types; the reply token is held for the job's next words, so nothing need come back at once. */
async function send(user: string, text: string): Promise<void> {
  await h.t.fake.sendText(user, text);
  await h.t.bot.settle();
}

async function quietFor(user: string, since: number, ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  await h.t.bot.outbox.deliverDue();
  assert.doesNotMatch(allText(await h.t.fake.waitForMessages(user, 0, { since })), PROMPT, 'no second image while one is shown');
}

describe('one owner, two platform jobs at once', () => {
  test('two stores uploading together: one image at a time, each answer to its own store, both succeed', async () => {
    const user = 'U-two-stores';
    await h.registerStore(user, COFFEE, '小林咖啡');
    await h.registerStore(user, SNACK, '大林茶舖');
    const since = h.t.fake.mark(user);
    await upload(user, '小林咖啡', 'MM16937074-16937099');
    await upload(user, '大林茶舖', 'ZZ00000300-00000349');

    const first = await shownCaptcha(await until(user, since, PROMPT));
    const other = first.store === '小林咖啡' ? '大林茶舖' : '小林咖啡';
    await untilRequest([other], 'queued'); // the other job is at its captcha too, and waits
    const afterFirst = h.t.fake.mark(user);
    await quietFor(user, afterFirst, 1000);
    assert.equal((await requestsNamed(first.store))[0]?.status, 'waiting', 'the first is not expired by the second');

    await send(user, first.digits);
    // The first store's outcome answers its digits, and says the other's image comes next.
    assert.match(allText(await until(user, afterFirst, new RegExp(`已送出 ✔「${first.store}」`))), new RegExp(`接著是「${other}」115年9-10月的驗證碼`));
    const next = await shownCaptcha(await until(user, afterFirst, PROMPT));
    assert.equal(next.store, other);
    await send(user, next.digits);

    const done = allText(await until(user, since, /已送出 ✔「小林咖啡」[\s\S]*已送出 ✔「大林茶舖」|已送出 ✔「大林茶舖」[\s\S]*已送出 ✔「小林咖啡」/));
    assert.doesNotMatch(done, /平台說不對|等不到驗證碼|先停下來/);
    const submits = await h.t.database.db.selectFrom('jobs').select(['state', 'attempts']).where('kind', '=', 'submit').execute();
    assert.deepEqual(submits.map((job) => job.state), ['done', 'done']);
    assert.deepEqual(submits.map((job) => job.attempts), [1, 1]);
    for (const store of ['小林咖啡', '大林茶舖']) {
      const requests = await requestsNamed(store);
      assert.deepEqual(requests.map((r) => r.status), ['answered'], `${store}: one image, answered once`);
    }
    const [shownFirst] = await requestsNamed(first.store);
    const [shownNext] = await requestsNamed(other);
    assert.ok((shownNext?.queued_at ?? '') < (shownFirst?.answered_at ?? ''), 'the second job asked before the first image was answered…');
    assert.ok((shownNext?.asked_at ?? '') >= (shownFirst?.answered_at ?? ''), '…and was shown only after it');
    const rows = h.simulator.state.rows().map((row) => `${row.track}${row.start}`).sort();
    assert.deepEqual(rows, ['MM16937074', 'ZZ00000300']);
  });

  test('an upload and a check together: the check waits its turn, and both finish', async () => {
    const user = 'U-upload-and-check';
    await h.registerStore(user, COFFEE, '查核咖啡');
    await h.registerStore(user, SNACK, '上傳茶舖');
    let since = h.t.fake.mark(user);
    await upload(user, '查核咖啡', 'MM16938000-16938049');
    const earlier = await shownCaptcha(await until(user, since, PROMPT));
    await send(user, earlier.digits);
    await until(user, since, /已送出 ✔「查核咖啡」/);

    h.t.clock.advance(2 * HOUR + 60_000); // the owner is invited to check 查核咖啡…
    try {
      await until(user, since, /平台應該處理好了/);
      since = h.t.fake.mark(user);
      await h.t.fake.tap(user, '查看結果');
      await h.t.bot.settle();
      await upload(user, '上傳茶舖', 'ZZ00000400-00000449'); // …and uploads 上傳茶舖 at once
      await untilRequest(['查核咖啡', '上傳茶舖'], 'queued'); // both jobs are at their captcha: one shown, one waiting
      const first = await shownCaptcha(await until(user, since, PROMPT));
      const afterFirst = h.t.fake.mark(user);
      await quietFor(user, afterFirst, 800);
      await send(user, first.digits);
      const next = await shownCaptcha(await until(user, afterFirst, PROMPT));
      assert.notEqual(next.store, first.store);
      await send(user, next.digits);
      const done = allText(await until(user, since, /(?=[\s\S]*✅ 平台已查到「查核咖啡」)(?=[\s\S]*已送出 ✔「上傳茶舖」)/));
      assert.doesNotMatch(done, /平台說不對|等不到驗證碼|先停下來/);
    } finally {
      h.t.clock.advance(-(2 * HOUR + 60_000));
      await h.t.database.db.updateTable('jobs').set({ state: 'cancelled' }).where('state', '=', 'pending').execute();
    }
  });
});

describe('the owner at the captcha of a real job', () => {
  test('換一張: the driver presses the platform’s refresh, the new image comes, and its digits log in', async () => {
    const user = 'U-job-refresh';
    await h.registerStore(user, COFFEE, '換圖咖啡');
    const since = h.t.fake.mark(user);
    await h.confirmRanges(user, 'MM16939000-16939049');
    const first = await shownCaptcha(await until(user, since, PROMPT));
    const afterFirst = h.t.fake.mark(user);
    await send(user, '換一張');
    const refreshed = await until(user, afterFirst, /換好了，這是新的一張/);
    const at = refreshed.findLastIndex((m) => /換好了/.test(allText([m])));
    const image = refreshed[at - 1];
    assert.ok(image?.type === 'image');
    const bytes = Buffer.from(await (await fetch(h.t.localUrl(image.originalContentUrl))).arrayBuffer());
    const { answer } = (await (await fetch(`${h.portalUrl}/__sim/captcha-answer?sha256=${createHash('sha256').update(bytes).digest('hex')}`)).json()) as { answer: string };
    assert.ok(answer, 'a new captcha image');
    if (answer === first.digits) assert.fail('the same digits again: not a new captcha');
    await send(user, answer);
    const done = allText(await until(user, since, /已送出 ✔「換圖咖啡」/));
    assert.doesNotMatch(done, /平台說不對/, 'the new image’s digits were right the first time');
    assert.deepEqual((await requestsNamed('換圖咖啡')).map((r) => [r.status, r.attempt]), [['answered', 1]]);
  });

  test('取消: the job stops as cancelled (not as an unanswered captcha), and nothing is filed', async () => {
    const user = 'U-job-cancel';
    await h.registerStore(user, COFFEE, '取消咖啡');
    const since = h.t.fake.mark(user);
    await h.confirmRanges(user, 'MM16939100-16939149');
    await until(user, since, PROMPT);
    assert.match(allText(await h.t.say(user, '取消')), /好的，「取消咖啡」115年9-10月的驗證碼取消了。/);
    const stopped = h.t.fake.mark(user);
    const job = async () => (await h.t.database.db.selectFrom('jobs').select('state').where('kind', '=', 'submit').orderBy('created_at', 'desc').executeTakeFirst())?.state;
    for (let i = 0; i < 300 && (await job()) !== 'done'; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await job(), 'done', 'the job ends (it is not retried)');
    assert.deepEqual((await requestsNamed('取消咖啡')).map((r) => r.status), ['cancelled']);
    await h.t.bot.outbox.deliverDue();
    assert.doesNotMatch(allText(await h.t.fake.waitForMessages(user, 0, { since: stopped })), /等不到驗證碼/);
    assert.deepEqual(h.simulator.state.rows(), []);
  });
});

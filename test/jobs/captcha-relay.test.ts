import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCaptchaRelay, type CaptchaAsk } from '../../src/jobs/captcha-relay.ts';
import { PortalError, type PortalFailureKind } from '../../src/portal/outcomes.ts';
import { REFRESH_CAPTCHA, type CaptchaTurn } from '../../src/portal/login.ts';
import { allText, labelsOf, startTestBot, type TestBot } from '../support/bot.ts';
import type { BotMessage } from '../../src/sim/line/index.ts';

let t: TestBot;
before(async () => {
  t = await startTestBot();
});
after(() => t.stop());

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4de0000000049454e44ae426082', 'hex');
/** Another image (the same pixel, one more byte of trailing data): what a refreshed captcha looks like to the relay. */
const PNG_2 = Buffer.concat([PNG, Buffer.from([0])]);
const MINUTE = 60_000;

/** The owner types their answer: its reply token is held for the job's next words, so nothing comes back at once. */
async function answerWith(user: string, typed: string): Promise<void> {
  await t.fake.sendText(user, typed);
  await t.bot.settle();
}

/** What the owner is told if the job does not answer in time: the fallback of the token held for it. */
async function heldFallback(user: string, jobId: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('held_replies')
    .selectAll()
    .where('line_user_id', '=', user)
    .where('purpose', '=', `job:${jobId}`)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return allText(JSON.parse(row.fallback_json) as BotMessage[]);
}

/** How the bot's latest message to the owner went: as a free reply, or a billed push. */
function lastKind(user: string): string | undefined {
  return t.fake.conversation(user).filter((entry) => entry.from === 'bot').at(-1)?.kind;
}

function relay() {
  return createCaptchaRelay({ db: t.database.db, clock: t.clock, publicBaseUrl: t.url, messagesQueued: () => t.bot.outbox.kick() });
}

function ask(user: string, jobId: string, extra: Partial<CaptchaAsk> = {}): CaptchaAsk {
  return { lineUserId: user, jobId, storeName: '小林咖啡', periodLabel: '115年9-10月', explainFirst: false, ...extra };
}

/** Messages since `since` until one matches (the outbox delivers in the background). */
async function messagesUntil(user: string, since: number, pattern: RegExp, timeoutMs = 5000): Promise<BotMessage[]> {
  const deadline = Date.now() + timeoutMs;
  for (let count = 1; ; count += 1) {
    const messages = await t.fake.waitForMessages(user, count, { since, timeoutMs: Math.max(1, deadline - Date.now()) });
    if (pattern.test(allText(messages))) return messages;
    count = messages.length;
  }
}

async function captchaMessage(user: string, since: number, pattern = /請回覆圖中的 5 位數字/) {
  await t.bot.settle();
  const messages = await messagesUntil(user, since, pattern);
  const url = /http:\/\/127\.0\.0\.1:\d+\/images\/[\w-]+\.png/.exec(allText(messages))?.[0];
  assert.ok(url, `an image link in: ${allText(messages)}`);
  return { messages, url };
}

async function quietFor(user: string, since: number, ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  await t.bot.settle();
  const arrived = await t.fake.waitForMessages(user, 0, { since });
  assert.equal(arrived.length, 0, `nothing new, but got: ${allText(arrived)}`);
}

async function requestsOf(jobId: string) {
  return t.database.db.selectFrom('captcha_requests').selectAll().where('job_id', '=', jobId).execute();
}

function rejectsWith(kind: PortalFailureKind) {
  return (error: unknown) => error instanceof PortalError && error.kind === kind;
}

/** What the driver passes: counts when the relay says the image waits its turn, and when it is in front of the owner. */
function turnCounter(): CaptchaTurn & { readonly count: () => number; readonly queuedCount: () => number } {
  let shown = 0;
  let queued = 0;
  return {
    signal: new AbortController().signal,
    queued: () => void (queued += 1),
    shown: () => void (shown += 1),
    count: () => shown,
    queuedCount: () => queued,
  };
}

describe('captcha relay: one image, one answer', () => {
  test('the image goes to the owner and their 5-digit reply (full-width is fine) is the answer, outside the conversation', async () => {
    const user = 'U-captcha';
    await t.follow(user);
    await t.tap(user, '設定我的商店'); // the owner is in the middle of a step
    const since = t.fake.mark(user);
    const answer = relay().solverFor(ask(user, 'job-1', { explainFirst: true }))(PNG, 1);
    const { messages, url } = await captchaMessage(user, since);
    assert.match(allText(messages), /平台需要輸入驗證碼/);
    const image = await fetch(url);
    assert.equal(image.headers.get('content-type'), 'image/png');
    assert.ok(Buffer.from(await image.arrayBuffer()).equals(PNG));

    await answerWith(user, '１２３４５');
    assert.match(await heldFallback(user, 'job-1'), /收到，繼續處理中/);
    assert.equal(await answer, '12345');
    // The registration step is still where the owner left it.
    assert.match(allText(await t.say(user, '04595257')), /04595257 ✔/);
  });

  test('the prompt names the store and the period, with 換一張 and 取消 under it', async () => {
    const user = 'U-captcha-names';
    await t.follow(user);
    const since = t.fake.mark(user);
    const answer = relay().solverFor(ask(user, 'job-names'))(PNG, 1);
    const { messages } = await captchaMessage(user, since);
    const last = messages.at(-1) as BotMessage;
    assert.match(allText([last]), /^「小林咖啡」115年9-10月：登入財政部平台要驗證碼，請回覆圖中的 5 位數字。$/);
    assert.deepEqual(labelsOf([last]), ['換一張', '取消']);
    await answerWith(user, '12345');
    assert.equal(await answer, '12345');
  });

  test('a wrong answer brings a fresh image with a different request', async () => {
    const user = 'U-captcha-again';
    await t.follow(user);
    const solve = relay().solverFor(ask(user, 'job-2'));
    let since = t.fake.mark(user);
    const first = solve(PNG, 1);
    await captchaMessage(user, since);
    await answerWith(user, '11111');
    assert.equal(await first, '11111');
    since = t.fake.mark(user);
    const second = solve(PNG, 2);
    const { messages } = await captchaMessage(user, since, /再回覆 5 位數字/);
    assert.match(allText(messages), /「小林咖啡」115年9-10月：剛剛的驗證碼平台說不對/);
    assert.equal(lastKind(user), 'reply', 'the fresh image answers the wrong digits as a free reply');
    await answerWith(user, '22222');
    assert.equal(await second, '22222');
  });

  test('a job that stopped before its image was queued (cancelled, or the owner left) leaves no request and shows nothing', async () => {
    const user = 'U-captcha-gone';
    await t.follow(user);
    const since = t.fake.mark(user);
    let asked = 0;
    const stillWanted = async () => {
      asked += 1;
      return false;
    };
    await assert.rejects(relay().solverFor(ask(user, 'job-gone', { stillWanted }))(PNG, 1), rejectsWith('aborted'));
    assert.equal(asked, 1, 'asked once, in the transaction that would queue the image');
    assert.deepEqual(await requestsOf('job-gone'), []);
    await quietFor(user, since, 300);
  });

  test('no answer within 10 minutes stops the wait, and the image link expires', async () => {
    const user = 'U-captcha-late';
    await t.follow(user);
    const since = t.fake.mark(user);
    const answer = relay().solverFor(ask(user, 'job-3'))(PNG, 1);
    const { url } = await captchaMessage(user, since);
    t.clock.advance(10 * MINUTE + 1000);
    try {
      await assert.rejects(answer, rejectsWith('captcha-unanswered'));
      assert.equal((await fetch(url)).status, 404);
      // A late reply is just a message again.
      assert.doesNotMatch(allText(await t.say(user, '12345')), /收到，繼續處理中/);
    } finally {
      t.clock.advance(-(10 * MINUTE + 1000));
    }
  });
});

describe('captcha relay: what the owner replies', () => {
  test('the digits are read from the ways owners type them', async () => {
    const user = 'U-captcha-formats';
    await t.follow(user);
    const formats = ['驗證碼 12345', '12345。', '１２３４５', '1 2 3 4 5', '答案是 12345', '驗證碼：12345 喔'];
    for (const [index, typed] of formats.entries()) {
      const since = t.fake.mark(user);
      const answer = relay().solverFor(ask(user, `job-format-${index}`))(PNG, 1);
      await captchaMessage(user, since);
      await answerWith(user, typed);
      assert.match(await heldFallback(user, `job-format-${index}`), /收到，繼續處理中/, typed);
      assert.equal(await answer, '12345', typed);
    }
  });

  test('4 or 6 digits: asked again for 5, with the buttons, and the request stays open', async () => {
    const user = 'U-captcha-length';
    await t.follow(user);
    const since = t.fake.mark(user);
    const answer = relay().solverFor(ask(user, 'job-length'))(PNG, 1);
    await captchaMessage(user, since);
    for (const [typed, count] of [['1234', 4], ['123456', 6]] as const) {
      const retry = await t.say(user, typed);
      assert.match(allText(retry), new RegExp(`驗證碼是 5 位數字，你傳的是 ${count} 位（${typed}）`));
      assert.deepEqual(labelsOf(retry), ['換一張', '取消']);
      assert.equal((await requestsOf('job-length'))[0]?.status, 'waiting');
    }
    await answerWith(user, '12345');
    assert.equal(await answer, '12345');
  });

  test('a command or invoice numbers go to the conversation; the request stays open', async () => {
    const user = 'U-captcha-other';
    await t.follow(user);
    const since = t.fake.mark(user);
    const answer = relay().solverFor(ask(user, 'job-other'))(PNG, 1);
    await captchaMessage(user, since);
    for (const typed of ['狀態', 'AB12345000-12345049']) {
      const reply = allText(await t.say(user, typed));
      assert.doesNotMatch(reply, /收到|5 位數字|先停下來/, typed);
      assert.equal((await requestsOf('job-other'))[0]?.status, 'waiting');
    }
    await answerWith(user, '54321');
    assert.equal(await answer, '54321');
  });

  test('取消 stops the job with its own outcome', async () => {
    const user = 'U-captcha-cancel';
    await t.follow(user);
    const since = t.fake.mark(user);
    const answer = relay().solverFor(ask(user, 'job-4'))(PNG, 1);
    await captchaMessage(user, since);
    const reply = await t.say(user, '取消');
    assert.match(allText(reply), /好的，「小林咖啡」115年9-10月的驗證碼取消了。/);
    assert.ok(labelsOf(reply).length > 0, 'buttons for what next');
    await assert.rejects(answer, rejectsWith('captcha-cancelled'));
  });

  test('換一張: the driver is asked for a new image, which comes as the same request with a fresh 10 minutes', async () => {
    const user = 'U-captcha-refresh';
    await t.follow(user);
    const solve = relay().solverFor(ask(user, 'job-refresh'));
    let since = t.fake.mark(user);
    const turn = turnCounter();
    const first = solve(PNG, 1, turn);
    await captchaMessage(user, since);
    const asked = (await requestsOf('job-refresh'))[0];
    t.clock.advance(8 * MINUTE);
    try {
      await answerWith(user, '看不清楚');
      assert.match(await heldFallback(user, 'job-refresh'), /換一張新的/);
      assert.equal(await first, REFRESH_CAPTCHA);
      // Digits typed before the new image comes are not taken for it.
      assert.match(allText(await t.say(user, '11111')), /新的驗證碼圖片馬上來/);

      since = t.fake.mark(user);
      const second = solve(PNG_2, 1, turn);
      const { messages, url } = await captchaMessage(user, since);
      assert.match(allText(messages), /「小林咖啡」115年9-10月：換好了，這是新的一張/);
      assert.equal(lastKind(user), 'reply', 'the new image answers 換一張 as a free reply');
      assert.deepEqual(labelsOf([messages.at(-1) as BotMessage]), ['換一張', '取消']);
      assert.ok(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(PNG_2));
      const requests = await requestsOf('job-refresh');
      assert.equal(requests.length, 1, 'the same request');
      assert.ok((requests[0]?.expires_at ?? '') > (asked?.expires_at ?? ''), 'its 10 minutes start again');
      assert.equal(turn.count(), 2, 'the driver heard the new image was shown');
      t.clock.advance(5 * MINUTE); // 13 minutes after the first image
      await answerWith(user, '67890');
      assert.equal(await second, '67890');
    } finally {
      t.clock.advance(-13 * MINUTE);
    }
  });
});

describe('captcha relay: one owner, several jobs', () => {
  test('a second job waits its turn, and each answer goes to the image it was given for', async () => {
    const user = 'U-captcha-two';
    await t.follow(user);
    const since = t.fake.mark(user);
    const coffee = relay().solverFor(ask(user, 'job-coffee'))(PNG, 1);
    await captchaMessage(user, since);
    const teaTurn = turnCounter();
    const tea = relay().solverFor(ask(user, 'job-tea', { storeName: '大林茶舖', periodLabel: '115年7-8月' }))(PNG_2, 1, teaTurn);
    const afterCoffee = t.fake.mark(user);
    await quietFor(user, afterCoffee, 800); // the tea image is not shown over the coffee one
    assert.equal((await requestsOf('job-tea'))[0]?.status, 'queued');
    assert.equal((await requestsOf('job-coffee'))[0]?.status, 'waiting', 'the first request is not expired by the second');
    assert.equal(teaTurn.count(), 0);
    assert.equal(teaTurn.queuedCount(), 1, 'the driver stops counting its time while it waits');

    await answerWith(user, '11111');
    assert.match(await heldFallback(user, 'job-coffee'), /收到，繼續處理中…\n接著是「大林茶舖」115年7-8月的驗證碼/);
    assert.equal(await coffee, '11111');
    const { messages, url } = await captchaMessage(user, afterCoffee, /「大林茶舖」115年7-8月：登入財政部平台要驗證碼/);
    assert.ok(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(PNG_2), 'the tea image');
    assert.deepEqual(labelsOf([messages.at(-1) as BotMessage]), ['換一張', '取消']);
    assert.equal(teaTurn.count(), 1);
    await answerWith(user, '22222');
    assert.equal(await tea, '22222');
  });

  test('a request in line counts its 10 minutes from when it is shown, and follows one that expired', async () => {
    const user = 'U-captcha-line';
    await t.follow(user);
    let since = t.fake.mark(user);
    const first = relay().solverFor(ask(user, 'job-line-1'))(PNG, 1);
    await captchaMessage(user, since);
    const second = relay().solverFor(ask(user, 'job-line-2', { storeName: '大林茶舖' }))(PNG_2, 1);
    // In line behind it: two jobs asking at the very same moment may be queued in either order.
    while ((await requestsOf('job-line-2')).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const third = relay().solverFor(ask(user, 'job-line-3', { storeName: '三號店' }))(PNG, 1);
    let moved = 0;
    const move = (ms: number) => {
      t.clock.advance(ms);
      moved += ms;
    };
    try {
      move(9 * MINUTE);
      since = t.fake.mark(user);
      await answerWith(user, '11111');
      assert.equal(await first, '11111');
      await captchaMessage(user, since, /「大林茶舖」115年9-10月：登入/);
      move(9 * MINUTE); // 18 minutes after it was queued, 9 after it was shown
      assert.equal((await requestsOf('job-line-2'))[0]?.status, 'waiting');
      // Marked first: the next in line may be shown before the expired job has noticed.
      since = t.fake.mark(user);
      move(1 * MINUTE + 1000); // now its 10 minutes are over: the next in line is shown
      await assert.rejects(second, rejectsWith('captcha-unanswered'));
      await captchaMessage(user, since, /「三號店」115年9-10月：登入/);
      await answerWith(user, '33333');
      assert.equal(await third, '33333');
    } finally {
      t.clock.advance(-moved);
    }
  });

  test('an image whose job stopped (its worker died) does not hold the owner’s line', async () => {
    const user = 'U-captcha-crashed';
    await t.follow(user);
    const now = t.clock.now();
    const iso = (ms: number) => new Date(now.getTime() + ms).toISOString();
    await t.database.db
      .insertInto('jobs')
      .values({ id: 'job-crashed', kind: 'submit', key: 'submit:crashed', payload_json: '{}', state: 'pending', attempts: 1, max_attempts: 5, run_at: iso(60_000), locked_by: null, locked_until: null, last_error: 'lease expired', created_at: iso(0), updated_at: iso(0), finished_at: null })
      .execute();
    await t.database.db
      .insertInto('captcha_requests')
      .values({ id: 'cr-crashed', line_user_id: user, job_id: 'job-crashed', attempt: 1, status: 'waiting', answer: null, store_name: '當掉的店', period_label: '115年9-10月', place: 1, queued_at: iso(0), asked_at: iso(0), expires_at: iso(10 * MINUTE), answered_at: null })
      .execute();
    const since = t.fake.mark(user);
    const answer = relay().solverFor(ask(user, 'job-alive'))(PNG, 1);
    await captchaMessage(user, since, /「小林咖啡」115年9-10月：登入/);
    await answerWith(user, '12345');
    assert.equal(await answer, '12345');
    assert.equal((await requestsOf('job-crashed'))[0]?.status, 'expired');
  });

  test('a job that stops waiting (the login gave up) leaves the line', async () => {
    const user = 'U-captcha-abort';
    await t.follow(user);
    const since = t.fake.mark(user);
    const first = relay().solverFor(ask(user, 'job-abort-1'))(PNG, 1);
    await captchaMessage(user, since);
    const stop = new AbortController();
    const second = relay().solverFor(ask(user, 'job-abort-2', { storeName: '放棄的店' }))(PNG, 1, { signal: stop.signal, queued: () => undefined, shown: () => undefined });
    const third = relay().solverFor(ask(user, 'job-abort-3', { storeName: '下一家' }))(PNG, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop.abort();
    await assert.rejects(second, rejectsWith('captcha-unanswered'));
    assert.equal((await requestsOf('job-abort-2'))[0]?.status, 'expired');
    const afterFirst = t.fake.mark(user);
    await answerWith(user, '11111');
    assert.equal(await first, '11111');
    await captchaMessage(user, afterFirst, /「下一家」115年9-10月：登入/);
    await answerWith(user, '33333');
    assert.equal(await third, '33333');
  });
});

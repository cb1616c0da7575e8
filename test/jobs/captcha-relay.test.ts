import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCaptchaRelay } from '../../src/jobs/captcha-relay.ts';
import { PortalError } from '../../src/portal/outcomes.ts';
import { allText, startTestBot, type TestBot } from '../support/bot.ts';

let t: TestBot;
before(async () => {
  t = await startTestBot();
});
after(() => t.stop());

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4de0000000049454e44ae426082', 'hex');

function relay() {
  return createCaptchaRelay({ db: t.database.db, clock: t.clock, publicBaseUrl: t.url, messagesQueued: () => t.bot.outbox.kick() });
}

async function captchaMessage(user: string, since: number) {
  await t.bot.settle();
  const messages = await t.fake.waitForMessages(user, 2, { since });
  const url = /http:\/\/127\.0\.0\.1:\d+\/images\/[\w-]+\.png/.exec(allText(messages))?.[0];
  assert.ok(url, `an image link in: ${allText(messages)}`);
  return { messages, url };
}

describe('captcha relay', () => {
  test('the image goes to the owner and their 5-digit reply (full-width is fine) is the answer, outside the conversation', async () => {
    const user = 'U-captcha';
    await t.follow(user);
    await t.tap(user, '設定我的商店'); // the owner is in the middle of a step
    const since = t.fake.mark(user);
    const answer = relay().solverFor({ lineUserId: user, jobId: 'job-1', explainFirst: true })(PNG, 1);
    const { messages, url } = await captchaMessage(user, since);
    assert.match(allText(messages), /平台需要輸入驗證碼/);
    assert.match(allText(messages), /請回覆圖中的 5 位數字/);
    const image = await fetch(url);
    assert.equal(image.headers.get('content-type'), 'image/png');
    assert.ok(Buffer.from(await image.arrayBuffer()).equals(PNG));

    assert.match(allText(await t.say(user, '１２３４５')), /收到，繼續處理中/);
    assert.equal(await answer, '12345');
    // The registration step is still where the owner left it.
    assert.match(allText(await t.say(user, '04595257')), /04595257 ✔/);
  });

  test('a wrong answer brings a fresh image with a different request', async () => {
    const user = 'U-captcha-again';
    await t.follow(user);
    const solve = relay().solverFor({ lineUserId: user, jobId: 'job-2', explainFirst: false });
    let since = t.fake.mark(user);
    const first = solve(PNG, 1);
    await captchaMessage(user, since);
    await t.say(user, '11111');
    assert.equal(await first, '11111');
    since = t.fake.mark(user);
    const second = solve(PNG, 2);
    const { messages } = await captchaMessage(user, since);
    assert.match(allText(messages), /剛剛的驗證碼平台說不對/);
    await t.say(user, '22222');
    assert.equal(await second, '22222');
  });

  test('no answer within 10 minutes stops the wait, and the image link expires', async () => {
    const user = 'U-captcha-late';
    await t.follow(user);
    const since = t.fake.mark(user);
    const answer = relay().solverFor({ lineUserId: user, jobId: 'job-3', explainFirst: false })(PNG, 1);
    const { url } = await captchaMessage(user, since);
    t.clock.advance(10 * 60_000 + 1000);
    await assert.rejects(answer, (error: unknown) => error instanceof PortalError && error.kind === 'captcha-unanswered');
    assert.equal((await fetch(url)).status, 404);
    // A late reply is just a message again.
    assert.doesNotMatch(allText(await t.say(user, '12345')), /收到，繼續處理中/);
    t.clock.advance(-(10 * 60_000 + 1000));
  });

  test('取消 stops the job waiting for the captcha', async () => {
    const user = 'U-captcha-cancel';
    await t.follow(user);
    const since = t.fake.mark(user);
    const answer = relay().solverFor({ lineUserId: user, jobId: 'job-4', explainFirst: false })(PNG, 1);
    await captchaMessage(user, since);
    assert.match(allText(await t.say(user, '取消')), /先停下來了/);
    await assert.rejects(answer, (error: unknown) => error instanceof PortalError && error.kind === 'captcha-unanswered');
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { clientFor, failureOf, startFake, startRawReceiver, TOKEN, userId, type Harness, type Receiver } from './support.ts';

const ALICE = userId(0xa11ce);
const text = (value: string) => ({ type: 'text' as const, text: value });

describe('fake LINE platform: reply and push', () => {
  let clockMs = Date.parse('2025-03-10T02:00:00Z');
  let harness: Harness;
  let receiver: Receiver;

  before(async () => {
    receiver = await startRawReceiver();
    harness = await startFake({ now: () => new Date(clockMs), monthlyQuota: 3 });
  });
  after(async () => {
    await harness.close();
    await receiver.close();
  });
  beforeEach(() => {
    harness.fake.reset();
    harness.fake.setWebhookUrl(receiver.url);
    clockMs = Date.parse('2025-03-10T02:00:00Z');
  });

  async function freshReplyToken(): Promise<string> {
    const delivery = await harness.fake.sendText(ALICE, '你好');
    const event = delivery.events[0];
    assert.ok(event && 'replyToken' in event && typeof event.replyToken === 'string');
    return event.replyToken;
  }

  it('accepts a reply with a fresh token once, then answers "Invalid reply token"', async () => {
    const replyToken = await freshReplyToken();
    const answer = await harness.client.replyMessage({ replyToken, messages: [text('收到')] });
    assert.equal(answer.sentMessages.length, 1);
    const again = await failureOf(harness.client.replyMessage({ replyToken, messages: [text('again')] }));
    assert.equal(again.status, 400);
    assert.equal(again.body.message, 'Invalid reply token');
    assert.equal(harness.fake.replies().length, 1);
    assert.deepEqual(harness.fake.replies()[0]?.messages, [text('收到')]);
    assert.deepEqual(harness.fake.conversation(ALICE).map((entry) => `${entry.from}:${entry.kind}`), ['user:message', 'bot:reply']);
  });

  it('refuses an expired reply token and an unknown one', async () => {
    const replyToken = await freshReplyToken();
    clockMs += 60_000;
    const expired = await failureOf(harness.client.replyMessage({ replyToken, messages: [text('late')] }));
    assert.equal(expired.status, 400);
    assert.equal(expired.body.message, 'Invalid reply token');
    const unknown = await failureOf(harness.client.replyMessage({ replyToken: 'a'.repeat(32), messages: [text('?')] }));
    assert.equal(unknown.body.message, 'Invalid reply token');
  });

  it('does not spend a reply token on a reply it refused for its messages', async () => {
    const replyToken = await freshReplyToken();
    await failureOf(harness.client.replyMessage({ replyToken, messages: [text('')] }));
    await harness.client.replyMessage({ replyToken, messages: [text('fixed')] });
    assert.equal(harness.fake.replies().length, 1);
  });

  it('pushes with a retry key once; the repeat answers 409 with the accepted request id and delivers nothing', async () => {
    await harness.fake.follow(ALICE);
    const retryKey = randomUUID();
    const first = await harness.client.pushMessageWithHttpInfo({ to: ALICE, messages: [text('報告已送出')] }, retryKey);
    const acceptedId = first.httpResponse.headers.get('x-line-request-id');
    assert.ok(acceptedId);
    const repeat = await failureOf(harness.client.pushMessage({ to: ALICE, messages: [text('報告已送出')] }, retryKey));
    assert.equal(repeat.status, 409);
    assert.equal(repeat.headers.get('x-line-accepted-request-id'), acceptedId);
    assert.equal(repeat.body.message, 'The retry key is already accepted');
    assert.equal(harness.fake.pushes().length, 1);
    assert.equal(harness.fake.pushes()[0]?.retryKey, retryKey);
  });

  it('forgets a retry key after 24 hours', async () => {
    await harness.fake.follow(ALICE);
    const retryKey = randomUUID();
    await harness.client.pushMessage({ to: ALICE, messages: [text('one')] }, retryKey);
    clockMs += 24 * 60 * 60 * 1000;
    await harness.client.pushMessage({ to: ALICE, messages: [text('two')] }, retryKey);
    assert.equal(harness.fake.pushes().length, 2);
  });

  it('refuses a retry key that is not a UUID', async () => {
    await harness.fake.follow(ALICE);
    const failure = await failureOf(harness.client.pushMessage({ to: ALICE, messages: [text('x')] }, 'not-a-uuid'));
    assert.equal(failure.status, 400);
    assert.match(failure.body.message, /X-Line-Retry-Key/);
  });

  it('refuses a push to a user who never followed or has unfollowed', async () => {
    const stranger = await failureOf(harness.client.pushMessage({ to: ALICE, messages: [text('hi')] }));
    assert.equal(stranger.status, 400);
    assert.equal(stranger.body.message, 'Failed to send messages');
    await harness.fake.follow(ALICE);
    await harness.fake.unfollow(ALICE);
    const blocked = await failureOf(harness.client.pushMessage({ to: ALICE, messages: [text('hi')] }));
    assert.equal(blocked.status, 400);
    assert.equal(harness.fake.pushes().length, 0);
  });

  it('answers 401 for a wrong or missing access token, and never records the token', async () => {
    const wrong = await failureOf(clientFor(harness.fake.url, 'wrong-token').getMessageQuota());
    assert.equal(wrong.status, 401);
    assert.match(wrong.body.message, /Authentication failed/);
    const missing = await fetch(`${harness.fake.url}/v2/bot/message/quota`);
    assert.equal(missing.status, 401);
    assert.match(((await missing.json()) as { message: string }).message, /Authorization header required/);
    assert.ok(harness.fake.calls().every((call) => !JSON.stringify(call).includes(TOKEN)));
  });

  it('reports the quota and counts pushes per request, not per message object; replies are free', async () => {
    await harness.fake.follow(ALICE);
    assert.deepEqual(await harness.client.getMessageQuota(), { type: 'limited', value: 3 });
    await harness.client.pushMessage({ to: ALICE, messages: [text('1'), text('2'), text('3')] });
    await harness.client.pushMessage({ to: ALICE, messages: [text('4')] });
    await harness.client.replyMessage({ replyToken: await freshReplyToken(), messages: [text('free')] });
    assert.deepEqual(await harness.client.getMessageQuotaConsumption(), { totalUsage: 2 });
    clockMs = Date.parse('2025-03-31T16:00:00Z'); // 1 April, midnight in Taipei: a new month
    assert.deepEqual(await harness.client.getMessageQuotaConsumption(), { totalUsage: 0 });
  });

  it('refuses pushes beyond the monthly quota with 429', async () => {
    await harness.fake.follow(ALICE);
    for (let i = 0; i < 3; i += 1) await harness.client.pushMessage({ to: ALICE, messages: [text(`#${i}`)] });
    const over = await failureOf(harness.client.pushMessage({ to: ALICE, messages: [text('#4')] }));
    assert.equal(over.status, 429);
    assert.equal(over.body.message, 'You have reached your monthly limit.');
    assert.equal(harness.fake.pushes().length, 3);
  });

  it('fails the next calls on demand, then answers normally', async () => {
    await harness.fake.follow(ALICE);
    harness.fake.failNext('/v2/bot/message/push', 500, 2);
    assert.equal((await failureOf(harness.client.pushMessage({ to: ALICE, messages: [text('a')] }))).status, 500);
    assert.equal((await failureOf(harness.client.pushMessage({ to: ALICE, messages: [text('a')] }))).status, 500);
    await harness.client.pushMessage({ to: ALICE, messages: [text('a')] });
    assert.deepEqual(harness.fake.calls().map((call) => call.status), [500, 500, 200]);
    assert.equal(harness.fake.pushes().length, 1);
  });

  it('can lose the answer of a push it delivered, so the retry with the same key gets 409', async () => {
    await harness.fake.follow(ALICE);
    harness.fake.failNext('/v2/bot/message/push', 500, 1, { afterProcessing: true });
    const retryKey = randomUUID();
    assert.equal((await failureOf(harness.client.pushMessage({ to: ALICE, messages: [text('once')] }, retryKey))).status, 500);
    assert.equal((await failureOf(harness.client.pushMessage({ to: ALICE, messages: [text('once')] }, retryKey))).status, 409);
    assert.equal(harness.fake.pushes().length, 1);
  });

  it('delays the next call on demand', async () => {
    harness.fake.delayNext('/v2/bot/message/quota', 150);
    const started = performance.now();
    await harness.client.getMessageQuota();
    assert.ok(performance.now() - started >= 140);
  });

  it('can act on a call at once and answer it late, as a slow LINE does', async () => {
    const replyToken = await freshReplyToken();
    harness.fake.delayNext('/v2/bot/message/reply', 300, 1, { afterProcessing: true });
    const started = performance.now();
    const replying = harness.client.replyMessage({ replyToken, messages: [text('已顯示')] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(harness.fake.replies().length, 1, 'shown before the answer comes');
    await replying;
    assert.ok(performance.now() - started >= 290);
  });
});

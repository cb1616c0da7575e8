import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signBody } from '../../src/sim/line/index.ts';
import { startTestBot, type TestBot } from '../support/bot.ts';

let t: TestBot;
before(async () => {
  t = await startTestBot();
});
after(() => t.stop());

const inboxCount = async () =>
  Number((await t.database.db.selectFrom('webhook_inbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

async function post(body: string, signature: string | undefined) {
  return fetch(`${t.url}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-line-signature': signature } : {}) },
    body,
  });
}

describe('POST /webhook', () => {
  test('a wrong or missing signature gets 401, nothing is stored and nobody is answered', async () => {
    const before = await inboxCount();
    for (const signature of ['wrong', 'missing'] as const) {
      const delivery = await t.fake.deliver([], { signature });
      assert.equal(delivery.status, 401);
    }
    assert.equal(await inboxCount(), before);
    assert.match(t.logs(), /webhook signature mismatch: check LINE_CHANNEL_SECRET/);
  });

  test('a signed body that is not a webhook delivery gets 400; over 1 MB gets 413', async () => {
    const malformed = '{"events": [ nope';
    const response = await post(malformed, signBody(t.channelSecret, malformed));
    assert.equal(response.status, 400);
    const notDelivery = '{"hello":"world"}';
    assert.equal((await post(notDelivery, signBody(t.channelSecret, notDelivery))).status, 400);
    const huge = JSON.stringify({ events: [], padding: 'x'.repeat(1024 * 1024 + 10) });
    assert.equal((await post(huge, signBody(t.channelSecret, huge))).status, 413);
  });

  test('a redelivered or duplicated event is acknowledged and answered only once', async () => {
    const user = 'U-redeliver';
    await t.follow(user);
    const first = await t.fake.sendText(user, '說明');
    await t.bot.settle();
    const answersBefore = t.fake.conversation(user).filter((entry) => entry.from === 'bot').length;
    const again = await t.fake.redeliver(first.events[0] as never);
    assert.equal(again.status, 200);
    await t.fake.deliver(first.events);
    await t.bot.settle();
    const answersAfter = t.fake.conversation(user).filter((entry) => entry.from === 'bot').length;
    assert.equal(answersAfter, answersBefore);
  });

  test("the console's Verify delivery is acknowledged and skipped", async () => {
    const before = await inboxCount();
    assert.equal((await t.fake.verifyWebhook()).status, 200);
    assert.equal((await t.fake.verifyWebhook({ legacy: true })).status, 200);
    assert.equal(await inboxCount(), before);
  });

  test('the answer comes before processing, well under 100 ms', async () => {
    const delivery = await t.fake.sendText('U-fast', '狀態');
    assert.equal(delivery.status, 200);
    assert.ok(delivery.ms < 100, `acknowledged in ${delivery.ms} ms`);
  });
});

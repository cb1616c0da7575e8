// LINE's webhook redelivery: what the bot did not acknowledge comes again, marked, with the same id.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, describe, it } from 'node:test';
import express from 'express';
import type { webhook } from '@line/bot-sdk';
import { listenApp, startFake, TOKEN, clientFor, failureOf, userId, type Harness } from './support.ts';

const ERIN = userId(0xe41);

/** A webhook endpoint that answers with `status()` and keeps every body. */
async function startBot(status: () => number) {
  const bodies: webhook.CallbackRequest[] = [];
  const app = express();
  app.post('/webhook', express.json(), (req, res) => {
    bodies.push(req.body as webhook.CallbackRequest);
    res.status(status()).end();
  });
  return { ...(await listenApp(app)), bodies };
}

/** A port where nothing listens: connections are refused, as to a bot that is down. */
async function deadPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const harnesses: Harness[] = [];
after(async () => {
  await Promise.all(harnesses.map((harness) => harness.close()));
});

async function fakeWithRedelivery(now?: () => Date): Promise<Harness> {
  const harness = await startFake({ webhookRedelivery: { intervalMs: 50, giveUpAfterMs: 60_000 }, ...(now ? { now } : {}) });
  harnesses.push(harness);
  return harness;
}

describe('fake LINE platform: webhook redelivery', () => {
  it('off (the default): a delivery to a bot that is down fails the call, and nothing comes again', async () => {
    const harness = await startFake();
    harnesses.push(harness);
    harness.fake.setWebhookUrl(`http://127.0.0.1:${await deadPort()}/webhook`);
    await assert.rejects(harness.fake.sendText(ERIN, 'hi'), /could not deliver the webhook/);
    assert.equal(harness.fake.waitingRedeliveries(), 0);
  });

  it('a bot that is down gets the event later, marked as redelivered, with the same id and reply token', async () => {
    const harness = await fakeWithRedelivery();
    const port = await deadPort();
    harness.fake.setWebhookUrl(`http://127.0.0.1:${port}/webhook`);
    const delivery = await harness.fake.sendText(ERIN, '我要上傳');
    assert.equal(delivery.status, 0, 'no answer: not an error for the user, LINE has the message');
    assert.match(delivery.error ?? '', /ECONNREFUSED|fetch failed/);
    assert.equal(harness.fake.waitingRedeliveries(), 1);

    const bot = await startBot(() => 200);
    harness.fake.setWebhookUrl(bot.url);
    await harness.fake.redeliverFailed();
    const [sent] = delivery.events;
    const [again] = bot.bodies.flatMap((body) => body.events);
    assert.ok(sent && again && 'replyToken' in sent && 'replyToken' in again);
    assert.equal(again.webhookEventId, sent.webhookEventId);
    assert.equal(again.deliveryContext.isRedelivery, true);
    assert.equal(again.replyToken, sent.replyToken);
    assert.equal(harness.fake.waitingRedeliveries(), 0);
    assert.deepEqual(
      harness.fake.webhookAttempts().map((attempt) => [attempt.webhookEventIds, attempt.redelivery, attempt.status]),
      [
        [[sent.webhookEventId], false, undefined],
        [[sent.webhookEventId], true, 200],
      ],
    );
    await bot.close();
  });

  it('an answer other than 2xx is tried again on its own, until one is acknowledged', async () => {
    const harness = await fakeWithRedelivery();
    const answers = [500, 503, 200];
    const bot = await startBot(() => answers.shift() ?? 200);
    harness.fake.setWebhookUrl(bot.url);
    const delivery = await harness.fake.sendText(ERIN, '狀態');
    assert.equal(delivery.status, 500);
    const deadline = Date.now() + 5000;
    while (harness.fake.waitingRedeliveries() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(harness.fake.webhookAttempts().map((attempt) => attempt.status), [500, 503, 200]);
    assert.deepEqual(bot.bodies.map((body) => body.events[0]?.deliveryContext.isRedelivery), [false, true, true]);
    await bot.close();
  });

  it('the reply token of a redelivered event keeps its minute from when the user sent it', async () => {
    let now = new Date('2026-12-01T02:00:00Z');
    const harness = await fakeWithRedelivery(() => now);
    harness.fake.setWebhookUrl(`http://127.0.0.1:${await deadPort()}/webhook`);
    const delivery = await harness.fake.sendText(ERIN, '說明');
    now = new Date(now.getTime() + 61_000);
    const bot = await startBot(() => 200);
    harness.fake.setWebhookUrl(bot.url);
    await harness.fake.redeliverFailed();
    const [event] = bot.bodies.flatMap((body) => body.events);
    assert.ok(event && 'replyToken' in event && event.replyToken);
    assert.equal(event.webhookEventId, delivery.events[0]?.webhookEventId);
    const refused = await failureOf(clientFor(harness.fake.url, TOKEN).replyMessage({ replyToken: event.replyToken, messages: [{ type: 'text', text: '晚了' }] }));
    assert.equal(refused.status, 400);
    assert.equal(refused.body.message, 'Invalid reply token');
    await bot.close();
  });

  it('gives up on a delivery unacknowledged for too long', async () => {
    let now = new Date('2026-12-01T02:00:00Z');
    const harness = await fakeWithRedelivery(() => now);
    harness.fake.setWebhookUrl(`http://127.0.0.1:${await deadPort()}/webhook`);
    await harness.fake.sendText(ERIN, '有人嗎');
    await harness.fake.redeliverFailed();
    assert.equal(harness.fake.waitingRedeliveries(), 1);
    now = new Date(now.getTime() + 60_000);
    await harness.fake.redeliverFailed();
    assert.equal(harness.fake.waitingRedeliveries(), 0);
    assert.equal(harness.fake.webhookAttempts().length, 3);
  });
});

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import express, { type ErrorRequestHandler } from 'express';
import { middleware, SignatureValidationFailed, validateSignature, type webhook } from '@line/bot-sdk';
import { createFakeLinePlatform } from '../../../src/sim/line/index.ts';
import { listenApp, SECRET, startFake, startRawReceiver, TOKEN, userId, type Harness, type Receiver } from './support.ts';

const DAVE = userId(0xdab3);
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The bot as the SDK's docs write it: `middleware` checks the signature on the raw body. */
async function startSdkReceiver(): Promise<Receiver & { bodies: webhook.CallbackRequest[] }> {
  const bodies: webhook.CallbackRequest[] = [];
  const app = express();
  app.post('/webhook', middleware({ channelSecret: SECRET }), (req, res) => {
    bodies.push(req.body as webhook.CallbackRequest);
    res.status(200).json({});
  });
  const refuse: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    res.status(error instanceof SignatureValidationFailed ? 401 : 500).json({ error: String(error) });
  };
  app.use(refuse);
  return { ...(await listenApp(app)), bodies };
}

describe('fake LINE platform: webhook posts', () => {
  let harness: Harness;
  let sdkReceiver: Awaited<ReturnType<typeof startSdkReceiver>>;
  let rawReceiver: Receiver;

  before(async () => {
    harness = await startFake();
    sdkReceiver = await startSdkReceiver();
    rawReceiver = await startRawReceiver();
  });
  after(async () => {
    await Promise.all([harness.close(), sdkReceiver.close(), rawReceiver.close()]);
  });
  beforeEach(() => {
    harness.fake.reset();
    harness.fake.setWebhookUrl(sdkReceiver.url);
    sdkReceiver.bodies.length = 0;
    rawReceiver.received.length = 0;
  });

  it('signs the raw body so the SDK middleware accepts it', async () => {
    const delivery = await harness.fake.sendText(DAVE, '我要上傳空白發票 😀');
    assert.equal(delivery.status, 200);
    assert.equal(sdkReceiver.bodies[0]?.destination, harness.fake.botUserId);
    const event = sdkReceiver.bodies[0]?.events[0];
    assert.ok(event?.type === 'message' && event.message.type === 'text');
    assert.equal(event.message.text, '我要上傳空白發票 😀');
  });

  it('sends LINE\'s headers, and the signature checks out on the exact bytes', async () => {
    harness.fake.setWebhookUrl(rawReceiver.url);
    await harness.fake.follow(DAVE);
    const post = rawReceiver.received[0];
    assert.ok(post);
    assert.equal(post.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(post.headers['user-agent'], 'LineBotWebhook/2.0');
    const signature = post.headers['x-line-signature'];
    assert.equal(typeof signature, 'string');
    assert.ok(validateSignature(post.raw, SECRET, String(signature)));
  });

  it('really sends a wrong signature or none when asked', async () => {
    const event = (await harness.fake.sendText(DAVE, 'hi')).events;
    const wrong = await harness.fake.deliver(event, { signature: 'wrong' });
    assert.equal(wrong.status, 401);
    const missing = await harness.fake.deliver(event, { signature: 'missing' });
    assert.equal(missing.status, 401);
    harness.fake.setWebhookUrl(rawReceiver.url);
    await harness.fake.deliver(event, { signature: 'wrong' });
    await harness.fake.deliver(event, { signature: 'missing' });
    const [wrongPost, missingPost] = rawReceiver.received;
    assert.ok(wrongPost && missingPost);
    assert.equal(validateSignature(wrongPost.raw, SECRET, String(wrongPost.headers['x-line-signature'])), false);
    assert.equal(missingPost.headers['x-line-signature'], undefined);
  });

  it('builds events in LINE\'s shapes', async () => {
    const [text] = (await harness.fake.sendText(DAVE, '123', { quotedMessageId: '468789577898262530' })).events;
    assert.ok(text?.type === 'message' && text.message.type === 'text');
    assert.equal(text.mode, 'active');
    assert.equal(typeof text.timestamp, 'number');
    assert.deepEqual(text.source, { type: 'user', userId: DAVE });
    assert.match(text.webhookEventId, ULID);
    assert.deepEqual(text.deliveryContext, { isRedelivery: false });
    assert.match(text.replyToken ?? '', /^[0-9a-f]{32}$/);
    assert.match(text.message.id, /^\d{18}$/);
    assert.equal(typeof text.message.quoteToken, 'string');
    assert.equal(text.message.quotedMessageId, '468789577898262530');
    const [postback] = (await harness.fake.postback(DAVE, 'action=confirm', { date: '2025-03-10' })).events;
    assert.ok(postback?.type === 'postback');
    assert.deepEqual(postback.postback, { data: 'action=confirm', params: { date: '2025-03-10' } });
  });

  it('marks a follow after an unfollow as unblocked, and sends no reply token with unfollow', async () => {
    const [first] = (await harness.fake.follow(DAVE)).events;
    const [gone] = (await harness.fake.unfollow(DAVE)).events;
    const [back] = (await harness.fake.follow(DAVE)).events;
    assert.ok(first?.type === 'follow' && gone?.type === 'unfollow' && back?.type === 'follow');
    assert.equal(first.follow.isUnblocked, false);
    assert.equal('replyToken' in gone, false);
    assert.equal(back.follow.isUnblocked, true);
    assert.equal(harness.fake.isFollowing(DAVE), true);
  });

  it('redelivers the same event with isRedelivery set, without adding to the conversation', async () => {
    const [event] = (await harness.fake.sendText(DAVE, '第一次')).events;
    assert.ok(event);
    await harness.fake.redeliver(event.webhookEventId);
    await harness.fake.deliver([event], { redelivery: true });
    const [original, again, raw] = sdkReceiver.bodies.map((body) => body.events[0]);
    assert.equal(original?.deliveryContext.isRedelivery, false);
    assert.equal(again?.deliveryContext.isRedelivery, true);
    assert.equal(again?.webhookEventId, event.webhookEventId);
    assert.equal(raw?.deliveryContext.isRedelivery, true);
    assert.equal(harness.fake.conversation(DAVE).length, 1);
  });

  it('verifies like the console: an empty event list, or (legacy) events whose reply tokens cannot be used', async () => {
    const now = await harness.fake.verifyWebhook();
    assert.equal(now.status, 200);
    assert.deepEqual(sdkReceiver.bodies[0]?.events, []);
    const legacy = await harness.fake.verifyWebhook({ legacy: true });
    const tokens = legacy.events.map((event) => ('replyToken' in event ? event.replyToken : undefined));
    assert.deepEqual(tokens, ['0'.repeat(32), 'f'.repeat(32)]);
    const refused = await fetch(`${harness.fake.url}/v2/bot/message/reply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ replyToken: '0'.repeat(32), messages: [{ type: 'text', text: 'hi' }] }),
    });
    assert.equal(refused.status, 400);
  });

  it('says how to fix a missing webhook URL', async () => {
    const fake = createFakeLinePlatform({ channelSecret: SECRET, channelAccessToken: TOKEN });
    await assert.rejects(fake.sendText(DAVE, 'hi'), /setWebhookUrl/);
  });
});

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import express from 'express';
import { middleware, type messagingApi, type webhook } from '@line/bot-sdk';
import { actionsOf, textOf, type ConversationEntry } from '../../../src/sim/line/index.ts';
import { clientFor, listenApp, SECRET, startFake, TOKEN, userId, type Harness, type Receiver } from './support.ts';

const ERIN = userId(0xe714);

const MENU_REPLY: messagingApi.TextMessage = {
  type: 'text',
  text: '請選擇',
  quickReply: {
    items: [
      { type: 'action', action: { type: 'postback', label: '確認送出', data: 'step=confirm', displayText: '確認送出' } },
      { type: 'action', action: { type: 'message', label: '說明', text: '說明' } },
      { type: 'action', action: { type: 'uri', label: '財政部網站', uri: 'https://www.einvoice.nat.gov.tw/' } },
    ],
  },
};

/** A tiny bot: answers the webhook at once, then replies (echo, menu, or a refused message) or pushes. */
async function startEchoBot(apiUrl: string): Promise<Receiver> {
  const client = clientFor(apiUrl, TOKEN);
  const app = express();
  app.post('/webhook', middleware({ channelSecret: SECRET }), (req, res) => {
    res.status(200).json({});
    const body = req.body as webhook.CallbackRequest;
    for (const event of body.events) setImmediate(() => void answer(client, event).catch(() => undefined));
  });
  return listenApp(app);
}

async function answer(client: ReturnType<typeof clientFor>, event: webhook.Event): Promise<void> {
  if (event.type === 'postback' && event.source?.userId) {
    await client.pushMessage({ to: event.source.userId, messages: [{ type: 'text', text: `收到 ${event.postback.data}` }] });
    return;
  }
  if (event.type !== 'message' || event.message.type !== 'text' || !event.replyToken) return;
  const text = event.message.text;
  if (text === 'silent') return;
  const messages: messagingApi.Message[] = text === 'menu' ? [MENU_REPLY] : text === 'broken' ? [{ type: 'text', text: '' }] : [{ type: 'text', text: `echo: ${text}` }, { type: 'text', text: 'bye' }];
  await client.replyMessage({ replyToken: event.replyToken, messages });
}

describe('fake LINE platform: conversations', () => {
  let harness: Harness;
  let bot: Receiver;

  before(async () => {
    harness = await startFake();
    bot = await startEchoBot(harness.fake.url);
  });
  after(async () => {
    await Promise.all([harness.close(), bot.close()]);
  });
  beforeEach(async () => {
    harness.fake.reset();
    harness.fake.setWebhookUrl(bot.url);
    await harness.fake.follow(ERIN);
  });

  it('waits for the bot\'s answer to what the user just sent, without sleeping', async () => {
    await harness.fake.sendText(ERIN, 'hello');
    const messages = await harness.fake.waitForMessages(ERIN, 2, { timeoutMs: 2000 });
    assert.deepEqual(messages.map(textOf), ['echo: hello', 'bye']);
    await harness.fake.sendText(ERIN, 'again');
    const next = await harness.fake.waitForMessages(ERIN, 1, { timeoutMs: 2000 });
    assert.equal(textOf(next[0] ?? { type: 'text', text: '' }), 'echo: again');
  });

  it('counts from an explicit mark', async () => {
    const mark = harness.fake.mark(ERIN);
    await harness.fake.sendText(ERIN, 'one');
    await harness.fake.sendText(ERIN, 'two');
    const messages = await harness.fake.waitForMessages(ERIN, 4, { since: mark, timeoutMs: 2000 });
    assert.deepEqual(messages.map(textOf).sort(), ['bye', 'bye', 'echo: one', 'echo: two']);
  });

  it('times out with what arrived and which calls LINE refused', async () => {
    await harness.fake.sendText(ERIN, 'silent');
    await assert.rejects(harness.fake.waitForMessages(ERIN, 1, { timeoutMs: 100 }), (error: Error) => {
      assert.match(error.message, /waited 100 ms for 1 bot message\(s\) to U0+e714/);
      assert.match(error.message, /but 0 arrived/);
      assert.match(error.message, /made no API calls/);
      return true;
    });
    await harness.fake.sendText(ERIN, 'broken');
    await assert.rejects(harness.fake.waitForMessages(ERIN, 1, { timeoutMs: 300 }), (error: Error) => {
      assert.match(error.message, /POST \/v2\/bot\/message\/reply → 400/);
      assert.match(error.message, /messages\[0\]\.text/);
      return true;
    });
  });

  it('taps quick-reply buttons as a user would', async () => {
    await harness.fake.sendText(ERIN, 'menu');
    await harness.fake.waitForMessages(ERIN, 1, { timeoutMs: 2000 });
    const link = await harness.fake.tap(ERIN, '財政部網站');
    assert.deepEqual(link, { kind: 'uri', uri: 'https://www.einvoice.nat.gov.tw/' });
    const tapped = await harness.fake.tap(ERIN, '確認送出');
    assert.equal(tapped.kind, 'postback');
    const [pushed] = await harness.fake.waitForMessages(ERIN, 1, { timeoutMs: 2000 });
    assert.equal(textOf(pushed ?? { type: 'text', text: '' }), '收到 step=confirm');
    await assert.rejects(harness.fake.tap(ERIN, '取消'), /no button labelled 「取消」.*「確認送出」 「說明」 「財政部網站」/);
  });

  it('keeps a transcript a chat view can draw', async () => {
    const seen: ConversationEntry[] = [];
    const unsubscribe = harness.fake.subscribe((who, entry) => who === ERIN && seen.push(entry));
    await harness.fake.sendText(ERIN, 'menu');
    await harness.fake.waitForMessages(ERIN, 1, { timeoutMs: 2000 });
    await harness.fake.tap(ERIN, '確認送出');
    await harness.fake.waitForMessages(ERIN, 1, { timeoutMs: 2000 });
    unsubscribe();
    const lines = harness.fake.conversation(ERIN).map((entry) =>
      entry.from === 'user' ? `user ${entry.kind}: ${entry.shownText ?? ''}` : `bot ${entry.kind}: ${entry.messages.map(textOf).join('|')}`,
    );
    assert.deepEqual(lines, ['user follow: ', 'user message: menu', 'bot reply: 請選擇', 'user postback: 確認送出', 'bot push: 收到 step=confirm']);
    assert.equal(seen.length, 4);
  });
});

describe('reading bot messages', () => {
  it('finds the actions of templates, Flex messages and quick replies', () => {
    const template: messagingApi.TemplateMessage = {
      type: 'template',
      altText: '確認',
      template: { type: 'confirm', text: '送出 3 段？', actions: [{ type: 'postback', label: '是', data: 'yes' }, { type: 'message', label: '否', text: '否' }] },
      quickReply: { items: [{ type: 'action', action: { type: 'postback', label: '取消', data: 'cancel' } }] },
    };
    assert.deepEqual(actionsOf(template), [
      { label: '是', type: 'postback', data: 'yes' },
      { label: '否', type: 'message', text: '否' },
      { label: '取消', type: 'postback', data: 'cancel' },
    ]);
    assert.deepEqual(actionsOf({ type: 'text', text: 'plain' }), []);
  });

  it('reads a Flex message\'s text nodes in bubble order, spans joined, one per line', () => {
    const message: messagingApi.FlexMessage = {
      type: 'flex',
      altText: '空白發票',
      contents: {
        type: 'carousel',
        contents: [
          {
            type: 'bubble',
            footer: { type: 'box', layout: 'vertical', contents: [{ type: 'button', action: { type: 'uri', label: '查看', uri: 'https://example.com' } }] },
            body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'AB12345678' }, { type: 'text', contents: [{ type: 'span', text: '共 ' }, { type: 'span', text: '50 張' }] }] },
            header: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: '114 年 1–2 月' }] },
          },
          { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: '第二張' }] } },
        ],
      },
    };
    assert.equal(textOf(message), '114 年 1–2 月\nAB12345678\n共 50 張\n第二張');
    assert.deepEqual(actionsOf(message), [{ label: '查看', type: 'uri', uri: 'https://example.com' }]);
    assert.equal(textOf({ type: 'template', altText: 'x', template: { type: 'buttons', title: '標題', text: '內文', actions: [] } }), '標題\n內文');
  });
});

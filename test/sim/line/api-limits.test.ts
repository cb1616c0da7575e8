import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { messagingApi } from '@line/bot-sdk';
import { failureOf, startFake, startRawReceiver, userId, type Harness, type Receiver } from './support.ts';

const BOB = userId(0xb0b);

const text = (value: string): messagingApi.TextMessage => ({ type: 'text', text: value });
const postback = (label: string, data = 'x'): messagingApi.PostbackAction => ({ type: 'postback', label, data });
const quickReplies = (count: number, label = '選項'): messagingApi.QuickReply => ({
  items: Array.from({ length: count }, (_, i) => ({ type: 'action', action: postback(`${label}${i}`.slice(0, 20)) })),
});
const bubble = (button?: messagingApi.Action): messagingApi.FlexBubble => ({
  type: 'bubble',
  body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: '本期空白發票' }] },
  ...(button ? { footer: { type: 'box', layout: 'vertical', contents: [{ type: 'button', action: button }] } } : {}),
});
const flex = (contents: messagingApi.FlexContainer, altText = '空白發票'): messagingApi.FlexMessage => ({ type: 'flex', altText, contents });
/** A bubble of about this many bytes of JSON (3 bytes a character in UTF-8). */
const bigBubble = (bytes: number): messagingApi.FlexBubble => ({
  type: 'bubble',
  body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: '票'.repeat(Math.floor(bytes / 3)) }] },
});

/** Each case: a push LINE refuses, and the property its 400 must name. */
const REFUSED: { name: string; messages: unknown[]; property: string; says: RegExp }[] = [
  { name: 'text of 5,001 characters', messages: [text('字'.repeat(5001))], property: 'messages[0].text', says: /between 0 and 5000/ },
  { name: 'empty text', messages: [text('')], property: 'messages[0].text', says: /May not be empty/ },
  { name: 'six messages', messages: Array.from({ length: 6 }, (_, i) => text(`${i}`)), property: 'messages', says: /between 1 and 5/ },
  { name: 'no messages', messages: [], property: 'messages', says: /between 1 and 5/ },
  { name: '14 quick replies', messages: [{ ...text('選一個'), quickReply: quickReplies(14) }], property: 'messages[0].quickReply.items', says: /between 1 and 13/ },
  { name: 'a quick-reply label of 21 characters', messages: [{ ...text('選'), quickReply: { items: [{ type: 'action', action: postback('一'.repeat(21)) }] } }], property: 'messages[0].quickReply.items[0].action.label', says: /between 0 and 20/ },
  { name: 'postback data of 301 characters', messages: [{ ...text('選'), quickReply: { items: [{ type: 'action', action: postback('好', 'd'.repeat(301)) }] } }], property: 'messages[0].quickReply.items[0].action.data', says: /between 0 and 300/ },
  { name: 'a displayText of 301 characters', messages: [{ ...text('選'), quickReply: { items: [{ type: 'action', action: { ...postback('好'), displayText: 'd'.repeat(301) } }] } }], property: 'messages[0].quickReply.items[0].action.displayText', says: /between 0 and 300/ },
  { name: 'a message action text of 301 characters', messages: [{ ...text('選'), quickReply: { items: [{ type: 'action', action: { type: 'message', label: '好', text: 't'.repeat(301) } }] } }], property: 'messages[0].quickReply.items[0].action.text', says: /between 0 and 300/ },
  { name: 'a uri with a ftp scheme', messages: [flex(bubble({ type: 'uri', label: '開啟', uri: 'ftp://example.com/x' }))], property: 'messages[0].contents.footer.contents[0].action.uri', says: /scheme/ },
  { name: 'a uri of 1,001 characters', messages: [flex(bubble({ type: 'uri', label: '開啟', uri: `https://example.com/${'a'.repeat(981)}` }))], property: 'messages[0].contents.footer.contents[0].action.uri', says: /between 0 and 1000/ },
  { name: 'an http image url', messages: [{ type: 'image', originalContentUrl: 'http://example.com/a.png', previewImageUrl: 'https://example.com/p.png' }], property: 'messages[0].originalContentUrl', says: /https/ },
  { name: 'an image without a preview', messages: [{ type: 'image', originalContentUrl: 'https://example.com/a.png' }], property: 'messages[0].previewImageUrl', says: /must be specified/ },
  { name: 'an image url of 2,001 characters', messages: [{ type: 'image', originalContentUrl: `https://example.com/${'a'.repeat(1977)}.png`, previewImageUrl: 'https://example.com/p.png' }], property: 'messages[0].originalContentUrl', says: /between 0 and 2000/ },
  { name: 'a GIF image', messages: [{ type: 'image', originalContentUrl: 'https://example.com/a.gif', previewImageUrl: 'https://example.com/p.png' }], property: 'messages[0].originalContentUrl', says: /JPEG or PNG/ },
  { name: 'a flex message without altText', messages: [{ type: 'flex', contents: bubble() }], property: 'messages[0].altText', says: /must be specified/ },
  { name: 'a flex altText of 1,501 characters', messages: [flex(bubble(), 'a'.repeat(1501))], property: 'messages[0].altText', says: /between 0 and 1500/ },
  { name: 'a carousel of 13 bubbles', messages: [flex({ type: 'carousel', contents: Array.from({ length: 13 }, () => bubble()) })], property: 'messages[0].contents.contents', says: /between 1 and 12/ },
  { name: 'a template altText of 401 characters', messages: [{ type: 'template', altText: 'a'.repeat(401), template: { type: 'confirm', text: '確定？', actions: [postback('是'), postback('否')] } }], property: 'messages[0].altText', says: /between 0 and 400/ },
  { name: 'a template button label of 21 characters', messages: [{ type: 'template', altText: '確認', template: { type: 'confirm', text: '確定？', actions: [postback('是'.repeat(21)), postback('否')] } }], property: 'messages[0].template.actions[0].label', says: /between 0 and 20/ },
  { name: 'an unknown message type', messages: [{ type: 'html', html: '<b>hi</b>' }], property: 'messages[0].type', says: /Must be one of/ },
  { name: 'text of 2,501 emoji (5,002 UTF-16 units, as LINE counts text)', messages: [text('🍎'.repeat(2501))], property: 'messages[0].text', says: /between 0 and 5000/ },
  { name: 'a quick-reply label of 21 emoji (grapheme clusters)', messages: [{ ...text('選'), quickReply: { items: [{ type: 'action', action: postback('👍🏽'.repeat(21)) }] } }], property: 'messages[0].quickReply.items[0].action.label', says: /between 0 and 20/ },
  { name: 'a bubble over 30,000 bytes of JSON', messages: [flex(bigBubble(31_000))], property: 'messages[0].contents', says: /at most 30000 bytes/ },
  { name: 'a carousel over 50,000 bytes of JSON', messages: [flex({ type: 'carousel', contents: [bigBubble(26_000), bigBubble(26_000)] })], property: 'messages[0].contents', says: /at most 50000 bytes/ },
];

describe('fake LINE platform: the limits LINE refuses with 400', () => {
  let harness: Harness;
  let receiver: Receiver;

  before(async () => {
    receiver = await startRawReceiver();
    harness = await startFake({ webhookUrl: receiver.url });
    await harness.fake.follow(BOB);
  });
  after(async () => {
    await harness.close();
    await receiver.close();
  });

  for (const refused of REFUSED) {
    it(`refuses ${refused.name}`, async () => {
      const before = harness.fake.pushes().length;
      const request = { to: BOB, messages: refused.messages } as messagingApi.PushMessageRequest;
      const failure = await failureOf(harness.client.pushMessage(request));
      assert.equal(failure.status, 400);
      assert.match(failure.body.message, /The request body has \d+ error\(s\)/);
      const detail = failure.body.details?.find((candidate) => candidate.property === refused.property);
      assert.ok(detail, `expected a detail for ${refused.property}, got ${JSON.stringify(failure.body.details)}`);
      assert.match(detail.message, refused.says);
      assert.equal(harness.fake.pushes().length, before);
    });
  }

  it('accepts messages right at the limits', async () => {
    const atLimits: messagingApi.Message[] = [
      { ...text('字'.repeat(5000)), quickReply: quickReplies(13) },
      { type: 'image', originalContentUrl: 'https://example.com/a.jpg', previewImageUrl: 'https://example.com/p.png' },
      flex({ type: 'carousel', contents: Array.from({ length: 12 }, () => bubble({ type: 'uri', label: '電話', uri: 'tel:0223456789' })) }),
      flex(bubble({ type: 'postback', label: '一'.repeat(20), data: 'd'.repeat(300), displayText: 'x'.repeat(300) }), 'a'.repeat(1500)),
      { type: 'template', altText: 'a'.repeat(400), template: { type: 'buttons', text: '要送出嗎？', actions: [{ type: 'uri', label: '看說明', uri: 'line://nv/chat' }] } },
    ];
    const answer = await harness.client.pushMessage({ to: BOB, messages: atLimits });
    assert.equal(answer.sentMessages.length, 5);
  });

  it('counts labels, displayText, message-action text and template texts in grapheme clusters, as LINE does', async () => {
    const emoji = '👍🏽'; // one grapheme cluster, two code points, four UTF-16 units
    const messages: messagingApi.Message[] = [
      { ...text('選'), quickReply: { items: [{ type: 'action', action: { ...postback(emoji.repeat(20)), displayText: emoji.repeat(300) } }, { type: 'action', action: { type: 'message', label: '🧋'.repeat(20), text: emoji.repeat(300) } }] } },
      { type: 'template', altText: '確認', template: { type: 'confirm', text: emoji.repeat(240), actions: [postback(emoji.repeat(20)), postback('否')] } },
      { type: 'template', altText: '選', template: { type: 'buttons', title: emoji.repeat(40), text: emoji.repeat(60), actions: [postback('好')] } },
    ];
    const answer = await harness.client.pushMessage({ to: BOB, messages });
    assert.equal(answer.sentMessages.length, 3);
  });

  it('accepts a bubble of 30,000 bytes and a carousel of 50,000', async () => {
    const bubbleAt = (bytes: number) => {
      const base = bigBubble(0);
      const overhead = Buffer.byteLength(JSON.stringify(base));
      return bigBubble(bytes - overhead);
    };
    const atLimit = bubbleAt(30_000);
    assert.ok(Buffer.byteLength(JSON.stringify(atLimit)) <= 30_000);
    const answer = await harness.client.pushMessage({ to: BOB, messages: [flex(atLimit), flex({ type: 'carousel', contents: [bubbleAt(24_900), bubbleAt(24_900)] })] });
    assert.equal(answer.sentMessages.length, 2);
  });

  it('lists every problem of a request at once', async () => {
    const failure = await failureOf(harness.client.pushMessage({ to: BOB, messages: [text(''), { type: 'flex', contents: bubble() } as unknown as messagingApi.Message] }));
    assert.deepEqual(failure.body.details?.map((detail) => detail.property), ['messages[0].text', 'messages[1].altText']);
  });
});

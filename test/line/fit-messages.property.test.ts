import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { messagingApi } from '@line/bot-sdk';
import fc from 'fast-check';
import { fitMessages } from '../../src/line/fit-messages.ts';
import { templateWords } from '../../src/line/fit-template.ts';
import { createLineApi, type LineApi, type LineMessage } from '../../src/line/line-api.ts';
import { createLogger } from '../../src/log.ts';
import { startFake, startRawReceiver, TOKEN, userId, type Harness, type Receiver } from '../sim/line/support.ts';
import { confirmCardFor, pageRecorder, problemsOf, rangesOf, rangeText, shownLines } from './card-fixtures.ts';

// ——— Generators: what the bot might want to send, far past every limit ———

const PIECES = ['發票', '字軌 AB ', '🍎', '👨‍👩‍👧', '🇹🇼', '👍🏽', 'a', ' ', '，', 'MM-16937074', '空白'];

const lineArb = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 40 }).map((parts) => parts.join(''));

/** Lines over and over until the text is about `target` long: a problem list, a long report. */
function textOfLength(lines: readonly string[], target: number): string {
  const out: string[] = [];
  for (let length = 0, i = 0; length < target; i += 1) {
    const line = `${i + 1}. ${lines[i % lines.length] ?? ''}`;
    out.push(line);
    length += line.length + 1;
  }
  return out.join('\n');
}

const textArb = fc.oneof(
  fc.array(lineArb, { minLength: 1, maxLength: 6 }).map((lines) => lines.join('\n')),
  fc.tuple(fc.array(lineArb, { minLength: 1, maxLength: 30, size: 'max' }), fc.integer({ min: 2_000, max: 40_000 })).map(([lines, target]) => textOfLength(lines, target)),
  // One line with no break at all: it can only be split between characters.
  fc.tuple(lineArb, fc.integer({ min: 4_900, max: 12_000 })).map(([line, target]) => line.repeat(Math.ceil(target / line.length))),
);

const nameArb = fc.oneof(
  fc.integer({ min: 1, max: 30 }).map((n) => '🧋'.repeat(n)),
  fc.integer({ min: 1, max: 30 }).map((n) => '👍🏽'.repeat(n)),
  fc.integer({ min: 1, max: 12 }).map((n) => '👨‍👩‍👧'.repeat(n)),
  fc.integer({ min: 1, max: 15 }).map((n) => '小林咖啡'.repeat(n)),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 45 }),
);

const lengthOf = (max: number) => fc.integer({ min: 1, max });

const actionArb: fc.Arbitrary<messagingApi.Action> = fc.oneof(
  fc.record(
    { type: fc.constant('postback' as const), label: nameArb, data: lengthOf(400).map((n) => 'd'.repeat(n)), displayText: lengthOf(400).map((n) => '字'.repeat(n)) },
    { requiredKeys: ['type', 'label', 'data'] },
  ),
  fc.record({ type: fc.constant('message' as const), label: nameArb, text: lengthOf(400).map((n) => '👍🏽'.repeat(n)) }),
  fc.record({
    type: fc.constant('uri' as const),
    label: nameArb,
    uri: fc.oneof(fc.constant('https://example.com/x'), fc.integer({ min: 950, max: 1100 }).map((n) => `https://example.com/${'a'.repeat(n - 20)}`)),
  }),
);

const quickReplyArb: fc.Arbitrary<messagingApi.QuickReply> = fc
  .array(actionArb, { minLength: 1, maxLength: 30, size: 'max' })
  .map((actions) => ({ items: actions.map((action) => ({ type: 'action' as const, action })) }));

interface Card {
  readonly ranges: ReturnType<typeof rangesOf>;
  readonly message: messagingApi.FlexMessage;
}

const cardArb: fc.Arbitrary<Card> = fc
  .record({ count: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 150, max: 500 })), tracks: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 100, max: 400 })), name: nameArb })
  .map(({ count, tracks, name }) => {
    const ranges = rangesOf(count, tracks);
    return { ranges, message: confirmCardFor(ranges, name) };
  });

const bubbleArb: fc.Arbitrary<messagingApi.FlexBubble> = fc
  .record({
    lines: fc.oneof({ weight: 5, arbitrary: fc.array(lineArb, { minLength: 1, maxLength: 5 }) }, { weight: 1, arbitrary: fc.array(lineArb, { minLength: 100, maxLength: 400 }) }),
    buttons: fc.array(actionArb, { maxLength: 3 }),
  })
  .map(({ lines, buttons }) => ({
    type: 'bubble',
    body: { type: 'box', layout: 'vertical', contents: lines.map((text) => ({ type: 'text', text, wrap: true })) },
    ...(buttons.length > 0 ? { footer: { type: 'box', layout: 'vertical', contents: buttons.map((action) => ({ type: 'button', action })) } } : {}),
  }));

const carouselArb: fc.Arbitrary<messagingApi.FlexMessage> = fc
  .tuple(fc.array(bubbleArb, { minLength: 1, maxLength: 30, size: 'max' }), lengthOf(2000))
  .map(([bubbles, alt]) => ({ type: 'flex', altText: '卡'.repeat(alt), contents: { type: 'carousel', contents: bubbles } }));

const templateArb: fc.Arbitrary<messagingApi.TemplateMessage> = fc.oneof(
  fc
    .record({ text: lengthOf(300).map((n) => '請確認'.repeat(n).slice(0, n)), title: fc.option(nameArb, { nil: undefined }), actions: fc.array(actionArb, { minLength: 1, maxLength: 6 }), alt: lengthOf(600) })
    .map(({ text, title, actions, alt }) => ({
      type: 'template' as const,
      altText: '選'.repeat(alt),
      template: { type: 'buttons' as const, text, ...(title === undefined ? {} : { title }), actions },
    })),
  fc.record({ text: lengthOf(400).map((n) => '確'.repeat(n)), actions: fc.tuple(actionArb, actionArb) }).map(({ text, actions }) => ({
    type: 'template' as const,
    altText: '確認',
    template: { type: 'confirm' as const, text, actions },
  })),
  fc
    .record({ columns: fc.array(fc.record({ text: lengthOf(200).map((n) => '欄'.repeat(n)), action: actionArb }), { minLength: 1, maxLength: 14 }) })
    .map(({ columns }) => ({
      type: 'template' as const,
      altText: '選一個',
      template: { type: 'carousel' as const, columns: columns.map((column) => ({ text: column.text, actions: [column.action] })) },
    })),
);

const imageArb = fc.constant<messagingApi.ImageMessage>({ type: 'image', originalContentUrl: 'https://example.com/a.png', previewImageUrl: 'https://example.com/p.png' });

const messagesArb: fc.Arbitrary<LineMessage[]> = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 4, arbitrary: textArb.map((text): LineMessage => ({ type: 'text', text })) },
        { weight: 2, arbitrary: cardArb.map((card): LineMessage => card.message) },
        { weight: 1, arbitrary: carouselArb },
        { weight: 1, arbitrary: templateArb },
        { weight: 1, arbitrary: imageArb },
      ),
      { minLength: 1, maxLength: 8 },
    ),
    fc.option(quickReplyArb, { nil: undefined }),
  )
  .map(([messages, quickReply]) => (quickReply ? [...messages.slice(0, -1), { ...(messages.at(-1) as LineMessage), quickReply }] : messages));

// ——— What must hold ———

/** Every line a person could need from these messages. */
function linesNeeded(messages: readonly LineMessage[]): string[] {
  return messages.flatMap((message) => (message.type === 'template' ? templateWords(message.template) : shownLines([message]))).filter((line) => line.trim() !== '');
}

/** Each needed line is shown, or on a page behind a link. */
function assertNothingLost(input: readonly LineMessage[], output: readonly LineMessage[], pageLines: readonly string[]): void {
  const flat = (text: string) => text.replace(/[\r\n]/g, '');
  const shown = new Set([...shownLines(output), ...output.flatMap((m) => (m.type === 'template' ? templateWords(m.template) : []))]);
  const shownText = flat(output.map((m) => (m.type === 'text' ? m.text : '')).join(''));
  const onPages = new Set(pageLines);
  for (const line of linesNeeded(input)) {
    const found = shown.has(line) || onPages.has(line) || shownText.includes(flat(line));
    assert.ok(found, `lost: ${JSON.stringify(line.slice(0, 80))}`);
  }
}

const RUNS = Number(process.env.FIT_PROPERTY_RUNS ?? 60);

describe('fitMessages, for any messages the bot might want to send', () => {
  test('LINE accepts what comes out: 1–5 messages, every limit met', () => {
    fc.assert(
      fc.property(messagesArb, (messages) => {
        const { messages: fitted } = fitMessages(messages, pageRecorder());
        assert.ok(fitted.length >= 1 && fitted.length <= 5, `${fitted.length} messages`);
        assert.deepEqual(problemsOf(fitted), []);
      }),
      { numRuns: RUNS },
    );
  });

  test('nothing the owner needs is silently lost: every line is shown or on a page behind a link', () => {
    fc.assert(
      fc.property(messagesArb, (messages) => {
        const recorder = pageRecorder();
        const { messages: fitted } = fitMessages(messages, recorder);
        assertNothingLost(messages, fitted, recorder.pages.flatMap((page) => page.lines));
        if (recorder.pages.length > 0) assert.match(JSON.stringify(fitted), /bot\.example\.tw\/lists\//, 'a page was made but nothing links to it');
      }),
      { numRuns: RUNS },
    );
  });

  test('a confirmation card for up to 500 ranges shows the first ranges and says exactly how many more are behind the link', () => {
    fc.assert(
      fc.property(cardArb, ({ ranges, message }) => {
        const recorder = pageRecorder();
        const { messages } = fitMessages([message], recorder);
        const lines = shownLines(messages);
        const shown = ranges.filter((range) => lines.some((line) => line.includes(rangeText(range)))).length;
        const more = Number(/還有 (\d+) 段/.exec(lines.join('\n'))?.[1] ?? 0);
        assert.equal(shown + more, ranges.length);
        if (more > 0) {
          const page = recorder.pages.flatMap((p) => p.lines).join('\n');
          assert.ok(ranges.every((range) => page.includes(rangeText(range))));
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('fitting what was fitted changes nothing (a retried delivery sends the same)', () => {
    fc.assert(
      fc.property(messagesArb, (messages) => {
        const once = fitMessages(messages, pageRecorder()).messages;
        const twice = fitMessages(once, pageRecorder());
        assert.deepEqual(twice.changes, []);
        assert.deepEqual(twice.messages, once);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fitted messages sent over real HTTP to the fake LINE, through the bot SDK as the outbox sends them', () => {
  let harness: Harness;
  let receiver: Receiver;
  let line: LineApi;
  const owner = userId(0xf17);

  before(async () => {
    receiver = await startRawReceiver();
    harness = await startFake({ webhookUrl: receiver.url });
    await harness.fake.follow(owner);
    line = createLineApi({ channelAccessToken: TOKEN, apiBaseUrl: harness.fake.url, log: createLogger('silent'), retries: 0 });
  });
  after(async () => {
    await harness.close();
    await receiver.close();
  });

  test('every fitted reply and push is accepted', async () => {
    await fc.assert(
      fc.asyncProperty(messagesArb, fc.boolean(), async (messages, asPush) => {
        const { messages: fitted } = fitMessages(messages, pageRecorder());
        if (asPush) {
          assert.equal(await line.push(owner, fitted, randomUUID()), 'sent');
          return;
        }
        const delivery = await harness.fake.sendText(owner, '狀態');
        const event = delivery.events[0];
        assert.ok(event && 'replyToken' in event && event.replyToken);
        await line.reply(event.replyToken, fitted);
      }),
      { numRuns: Math.min(RUNS, 25) },
    );
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { messagingApi } from '@line/bot-sdk';
import { fitCopy } from '../../src/line/fit-copy.ts';
import { fitMessages } from '../../src/line/fit-messages.ts';
import type { LineMessage } from '../../src/line/line-api.ts';
import { bytesOf } from '../../src/line/fit-types.ts';
import { buttonLinks, confirmCardFor, pageRecorder, problemsOf, rangesOf, rangeText, shownLines } from './card-fixtures.ts';

const text = (value: string): messagingApi.TextMessage => ({ type: 'text', text: value });
const postback = (label: string, data = 'a=store&s=1'): messagingApi.PostbackAction => ({ type: 'postback', label, data });
const item = (action: messagingApi.Action): messagingApi.QuickReplyItem => ({ type: 'action', action });
const bubble = (lines: number, label = '確認'): messagingApi.FlexBubble => ({
  type: 'bubble',
  body: { type: 'box', layout: 'vertical', contents: Array.from({ length: Math.max(1, lines) }, (_, i) => ({ type: 'text', text: `第 ${i + 1} 行 空白發票` })) },
  footer: { type: 'box', layout: 'vertical', contents: [{ type: 'button', action: postback(label, 'a=confirm') }] },
});
const flex = (contents: messagingApi.FlexContainer, altText = '空白發票'): messagingApi.FlexMessage => ({ type: 'flex', altText, contents });
const problemList = (lines: number) => Array.from({ length: lines }, (_, i) => `第 ${i + 1} 行：MM1693707${i % 10}-16946899 少了一位數 🧾`).join('\n');

function fit(messages: readonly LineMessage[]) {
  const recorder = pageRecorder();
  const result = fitMessages(messages, { publish: recorder.publish });
  assert.deepEqual(problemsOf(result.messages), [], 'LINE would refuse the fitted messages');
  return { ...result, pages: recorder.pages };
}

describe('messages already within LINE limits', () => {
  test('are sent exactly as they are, with nothing noted', () => {
    const atLimits: LineMessage[] = [
      { ...text('字'.repeat(5000)) },
      { type: 'image', originalContentUrl: 'https://example.com/a.jpg', previewImageUrl: 'https://example.com/p.png' },
      flex({ type: 'carousel', contents: Array.from({ length: 12 }, () => bubble(3)) }),
      flex(bubble(1, '一'.repeat(40)), 'a'.repeat(1500)),
      { ...text('選一個'), quickReply: { items: Array.from({ length: 13 }, (_, i) => item(postback(`🧋`.repeat(19) + String(i % 10)))) } },
    ];
    const { messages, changes, pages } = fit(atLimits);
    assert.deepEqual(messages, atLimits);
    assert.deepEqual(changes, []);
    assert.equal(pages.length, 0);
  });
});

describe('long texts', () => {
  test('a problem list over 5,000 characters goes on over bubbles split at line breaks, the quick reply on the last', () => {
    const list = problemList(200);
    assert.ok(list.length > 5000);
    const { messages, pages } = fit([{ ...text(list), quickReply: { items: [item({ type: 'message', label: '取消', text: '取消' })] } }]);
    assert.ok(messages.length >= 2);
    const texts = messages.map((m) => (m as messagingApi.TextMessage).text);
    assert.equal(texts.join('\n'), list, 'split only at line breaks, nothing lost');
    assert.ok(messages.slice(0, -1).every((m) => m.quickReply === undefined));
    assert.equal(messages.at(-1)?.quickReply?.items?.length, 1);
    assert.equal(pages.length, 0);
  });

  test('a text longer than five bubbles ends by linking to the whole text', () => {
    const list = problemList(1200);
    const { messages, pages } = fit([text(list)]);
    assert.equal(messages.length, 5);
    const last = (messages.at(-1) as messagingApi.TextMessage).text;
    assert.equal(pages.length, 1);
    assert.ok(last.endsWith(fitCopy.textCut('https://bot.example.tw/lists/' + 'p'.repeat(30) + '01')));
    assert.deepEqual(pages[0]?.lines, list.split('\n'));
  });

  test('more than five messages: texts side by side share bubbles, cards stay whole', () => {
    const card = confirmCardFor(rangesOf(3));
    const { messages, changes } = fit([text('一'), text('二'), card, text('三'), text('四'), text('五'), text('六')]);
    assert.ok(messages.length <= 5);
    assert.deepEqual(messages[1], card);
    assert.match((messages[0] as messagingApi.TextMessage).text, /一\n\n二/);
    assert.ok(changes.some((change) => /7 messages/.test(change)));
  });

  test('a very long text before a card is cut short; the card is kept', () => {
    const card = confirmCardFor(rangesOf(3));
    const { messages, pages } = fit([text(problemList(1500)), card]);
    assert.equal(messages.length, 5);
    assert.deepEqual(messages[4], card);
    assert.match((messages[3] as messagingApi.TextMessage).text, /只顯示到這裡/);
    assert.equal(pages.length, 1);
  });

  test('empty texts are left out; nothing but empty texts means nothing to send', () => {
    assert.deepEqual(fit([text(''), text('好')]).messages, [text('好')]);
    assert.deepEqual(fitMessages([text('')], pageRecorder()).messages, []);
  });
});

describe('quick replies and actions', () => {
  test('at most 13 items; long labels cut by characters with …; a 20-emoji name is kept whole', () => {
    const names = ['🧋'.repeat(20), '🧋'.repeat(25), '👍🏽'.repeat(20), '小林咖啡'.repeat(8)];
    const items = Array.from({ length: 20 }, (_, i) => item(postback(names[i % names.length] ?? '')));
    const { messages, changes } = fit([{ ...text('選一家店'), quickReply: { items } }]);
    const labels = messages[0]?.quickReply?.items?.map((i) => i.action?.label ?? '') ?? [];
    assert.equal(labels.length, 13);
    assert.equal(labels[0], '🧋'.repeat(20));
    assert.equal(labels[1], `${'🧋'.repeat(19)}…`);
    assert.ok(labels.every((label) => Array.from(label).length <= 20));
    assert.ok(changes.some((change) => /20 items, the first 13 kept/.test(change)));
  });

  test('postback data over 300 cannot be cut: that button is left out and noted; display texts are cut', () => {
    const items = [
      item(postback('好', 'd'.repeat(301))),
      item({ ...postback('也好'), displayText: '字'.repeat(400) }),
      item({ type: 'message', label: '說', text: 't'.repeat(301) }),
    ];
    const { messages, changes } = fit([{ ...text('選'), quickReply: { items } }]);
    const kept = messages[0]?.quickReply?.items ?? [];
    assert.deepEqual(kept.map((i) => i.action?.label), ['也好', '說']);
    assert.equal(Array.from((kept[0]?.action as messagingApi.PostbackAction).displayText ?? '').length, 300);
    assert.ok(changes.some((change) => /data of 301 over 300/.test(change)));
  });

  test('a Flex button whose uri LINE refuses is left out; the card stays', () => {
    const card = flex({ ...bubble(2), footer: { type: 'box', layout: 'vertical', contents: [{ type: 'button', action: { type: 'uri', label: '開啟', uri: `https://example.com/${'a'.repeat(1000)}` } }, { type: 'button', action: postback('確認') }] } });
    const { messages } = fit([card]);
    const footer = ((messages[0] as messagingApi.FlexMessage).contents as messagingApi.FlexBubble).footer;
    assert.equal(footer?.contents.length, 1);
  });
});

describe('Flex cards too big for LINE', () => {
  test('a confirmation card for 200 ranges shows the first ones, says how many more, and links to all of them', () => {
    const ranges = rangesOf(200);
    const card = confirmCardFor(ranges);
    assert.ok(bytesOf(card.contents) > 30_000, 'the card is over LINE limit to begin with');
    const { messages, pages } = fit([card]);
    assert.equal(messages.length, 1);
    const fitted = messages[0] as messagingApi.FlexMessage;
    assert.ok(bytesOf(fitted.contents) <= 30_000);
    const lines = shownLines(messages);
    const shown = ranges.filter((range) => lines.some((line) => line.includes(rangeText(range))));
    const more = Number(/還有 (\d+) 段，完整清單：/.exec(lines.join('\n'))?.[1]);
    assert.ok(shown.length > 10, `only ${shown.length} ranges shown`);
    assert.equal(shown.length + more, 200, 'the card says exactly how many ranges it does not show');
    assert.deepEqual(shown, ranges.slice(0, shown.length), 'the first ranges are shown');
    assert.equal(pages.length, 1);
    const page = pages[0]?.lines.join('\n') ?? '';
    assert.ok(ranges.every((range) => page.includes(rangeText(range))), 'every range is on the page');
    assert.ok(buttonLinks(messages).includes('https://bot.example.tw/lists/' + 'p'.repeat(30) + '01'));
    assert.deepEqual((fitted.contents as messagingApi.FlexBubble).footer, (card.contents as messagingApi.FlexBubble).footer, 'confirm, edit and cancel stay');
    assert.match(lines.join('\n'), /合計/, 'the rows after the list stay');
  });

  test('ranges over several tracks: every track keeps some, the count is still exact', () => {
    const ranges = rangesOf(500, 5);
    const { messages } = fit([confirmCardFor(ranges)]);
    const lines = shownLines(messages);
    const shown = ranges.filter((range) => lines.some((line) => line.includes(rangeText(range)))).length;
    const more = Number(/還有 (\d+) 段/.exec(lines.join('\n'))?.[1]);
    assert.equal(shown + more, 500);
    for (const track of ['AA', 'AB', 'AC', 'AD', 'AE']) assert.ok(lines.some((line) => line.includes(`字軌 ${track}`)), track);
  });

  test('one range on each of 300 tracks: whole tracks are left off the card, and counted', () => {
    const ranges = rangesOf(300, 300);
    const { messages } = fit([confirmCardFor(ranges)]);
    const lines = shownLines(messages);
    const shown = ranges.filter((range) => lines.some((line) => line.includes(rangeText(range)))).length;
    const more = Number(/還有 (\d+) 段/.exec(lines.join('\n'))?.[1]);
    assert.ok(shown < 300);
    assert.equal(shown + more, 300);
  });

  test("a card builder's own summary is used when it fits", () => {
    const card = confirmCardFor(rangesOf(300));
    const own: messagingApi.FlexBubble = { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: '共 300 段，請看清單' }] } };
    const recorder = pageRecorder();
    const { messages } = fitMessages([card], { publish: recorder.publish, summarise: (big, tools) => (bytesOf(big) > tools.maxBytes ? own : undefined) });
    assert.deepEqual((messages[0] as messagingApi.FlexMessage).contents, own);
  });

  test('a card that cannot be shortened by its lists becomes a small card with the link, keeping its buttons', () => {
    const huge: messagingApi.FlexBubble = { ...bubble(1), header: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: '標題'.repeat(20_000) }] } };
    const { messages, pages } = fit([flex(huge)]);
    const small = (messages[0] as messagingApi.FlexMessage).contents as messagingApi.FlexBubble;
    assert.match(JSON.stringify(small), /完整內容/);
    assert.deepEqual(small.footer, huge.footer);
    assert.equal(pages.length, 1);
  });

  test('a carousel of 30 bubbles goes as carousels of at most 12, in order', () => {
    const bubbles = Array.from({ length: 30 }, (_, i) => ({ ...bubble(1), body: { type: 'box' as const, layout: 'vertical' as const, contents: [{ type: 'text' as const, text: `第 ${i} 張` }] } }));
    const { messages } = fit([{ ...flex({ type: 'carousel', contents: bubbles }), quickReply: { items: [item(postback('好'))] } }]);
    assert.deepEqual(messages.map((m) => ((m as messagingApi.FlexMessage).contents as messagingApi.FlexCarousel).contents.length), [12, 12, 6]);
    assert.deepEqual(shownLines(messages).filter((line) => line.startsWith('第')), bubbles.map((_, i) => `第 ${i} 張`));
    assert.ok(messages.at(-1)?.quickReply);
  });

  test('a carousel over 50,000 bytes is split by size too', () => {
    const bubbles = Array.from({ length: 6 }, () => bubble(400));
    const { messages } = fit([flex({ type: 'carousel', contents: bubbles })]);
    assert.ok(messages.length >= 2);
  });

  test('altText is cut to 1,500, and filled in when missing', () => {
    const { messages } = fit([flex(bubble(1), '字'.repeat(2000)), { type: 'flex', contents: bubble(1) } as unknown as LineMessage]);
    assert.equal((messages[0] as messagingApi.FlexMessage).altText.length, 1500);
    assert.equal((messages[1] as messagingApi.FlexMessage).altText, '第 1 行 空白發票');
  });
});

describe('templates', () => {
  test('a long text is cut on the template and sent whole just before it; extra actions are dropped', () => {
    const long = '請確認這些號碼'.repeat(40);
    const actions = Array.from({ length: 6 }, (_, i) => postback(`選項 ${i} ${'長'.repeat(20)}`));
    const { messages } = fit([{ type: 'template', altText: 'a'.repeat(500), template: { type: 'buttons', text: long, actions } }]);
    assert.deepEqual(messages[0], { type: 'text', text: long });
    const template = messages[1] as messagingApi.TemplateMessage;
    assert.equal(template.altText.length, 400);
    assert.equal((template.template as messagingApi.ButtonsTemplate).actions.length, 4);
  });

  test('a carousel of 14 columns goes as two templates', () => {
    const columns = Array.from({ length: 14 }, (_, i) => ({ text: `第 ${i} 欄`, actions: [postback('選')] }));
    const { messages } = fit([{ type: 'template', altText: '選', template: { type: 'carousel', columns } }]);
    assert.equal(messages.length, 2);
  });
});

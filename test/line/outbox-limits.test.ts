import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { messagingApi } from '@line/bot-sdk';
import { fitCopy } from '../../src/line/fit-copy.ts';
import { bytesOf } from '../../src/line/fit-types.ts';
import type { BotMessage } from '../../src/sim/line/index.ts';
import { buttonLinks, confirmCardFor, rangesOf, rangeText, shownLines } from './card-fixtures.ts';
import { startOutboxHarness, type OutboxHarness } from './outbox-harness.ts';

let h: OutboxHarness;
before(async () => {
  h = await startOutboxHarness();
});
after(() => h.stop());

const text = (value: string): messagingApi.TextMessage => ({ type: 'text', text: value });
const NEXT_ANSWER = text('下一個回答：目前沒有待處理的事。');

async function rowsOf(user: string) {
  return h.database.db.selectFrom('outbox').selectAll().where('line_user_id', '=', user).orderBy('created_at').execute();
}

/** What the owner saw from the bot, in order. */
function botMessagesTo(user: string): BotMessage[] {
  return h.fake.conversation(user).flatMap((entry) => (entry.from === 'bot' ? [...entry.messages] : []));
}

/** LINE's 400 answers to requests naming this owner or reply token. */
function refusedCallsFor(userOrToken: string) {
  return h.fake.calls().filter((call) => call.status === 400 && JSON.stringify(call.body).includes(userOrToken));
}

/** Delivers what is due once and says how long it took: nothing may wait for a retry. */
async function deliverOnce(): Promise<number> {
  const began = Date.now();
  await h.outbox.deliverDue();
  return Date.now() - began;
}

describe('replies larger than LINE accepts reach the owner at once', () => {
  test('a problem list over 5,000 characters is one reply of several bubbles; the next answer is not held back', async () => {
    const user = 'U-long-problem-list';
    await h.fake.follow(user);
    const list = Array.from({ length: 250 }, (_, i) => `第 ${i + 1} 行：MM1693707-16946899 少了一位數 🧾`).join('\n');
    assert.ok(list.length > 5000);
    const replyToken = await h.replyToken(user);
    await h.queueReply(user, replyToken, [{ ...text(list), quickReply: { items: [{ type: 'action', action: { type: 'message', label: '取消', text: '取消' } }] } }]);
    await h.queuePush(user, [NEXT_ANSWER]);

    assert.ok((await deliverOnce()) < 3000);
    const replies = h.fake.replies().filter((reply) => reply.userId === user);
    assert.equal(replies.length, 1);
    const bubbles = replies[0]?.messages ?? [];
    assert.ok(bubbles.length >= 2 && bubbles.length <= 5);
    assert.equal(bubbles.map((bubble) => (bubble.type === 'text' ? bubble.text : '')).join('\n'), list, 'every line, split only at line breaks');
    assert.ok(bubbles.at(-1)?.quickReply, 'the quick reply is on the last bubble');
    assert.deepEqual(botMessagesTo(user).at(-1), NEXT_ANSWER);
    assert.deepEqual((await rowsOf(user)).map((row) => row.status), ['sent', 'sent']);
    assert.deepEqual(refusedCallsFor(replyToken), []);
  });

  test('a confirmation card for 200 ranges is a valid card at once, linking to a page with every range', async () => {
    const user = 'U-card-200';
    await h.fake.follow(user);
    const ranges = rangesOf(200, 3);
    const card = confirmCardFor(ranges, '<b>小林</b>咖啡');
    assert.ok(bytesOf(card.contents) > 30_000);
    await h.queueReply(user, await h.replyToken(user), [card]);
    await h.queuePush(user, [NEXT_ANSWER]);

    assert.ok((await deliverOnce()) < 3000);
    const reply = h.fake.replies().find((candidate) => candidate.userId === user);
    const shown = reply?.messages ?? [];
    assert.equal(shown.length, 1);
    const lines = shownLines(shown as messagingApi.Message[]);
    const more = Number(/還有 (\d+) 段，完整清單：/.exec(lines.join('\n'))?.[1]);
    const onCard = ranges.filter((range) => lines.some((line) => line.includes(rangeText(range)))).length;
    assert.equal(onCard + more, 200);
    assert.deepEqual(botMessagesTo(user).at(-1), NEXT_ANSWER);

    const [link] = buttonLinks(shown as messagingApi.Message[]).filter((uri) => uri.startsWith(`${h.url}/lists/`));
    assert.ok(link, 'the card links to the full list');
    const page = await fetch(link);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const html = await page.text();
    assert.ok(ranges.every((range) => html.includes(rangeText(range))), 'every range is on the page');
    assert.ok(html.includes('&lt;b&gt;小林&lt;/b&gt;咖啡') && !html.includes('<b>小林'), 'the store name is escaped');

    const [row] = await rowsOf(user);
    assert.equal(row?.status, 'sent');
    assert.deepEqual(JSON.parse(row?.messages_json ?? '[]'), shown, 'the row holds what was sent, so a retry sends the same');
    const token = link.split('/').at(-1) ?? '';
    const stored = await h.database.db.selectFrom('full_lists').selectAll().where('line_user_id', '=', user).execute();
    assert.equal(stored.length, 1);
    assert.ok(!JSON.stringify(stored).includes(token), 'only the hash of the token is stored');
  });

  test('a 20-emoji store name in a 20-character label is accepted at once; a longer one is cut', async () => {
    const user = 'U-emoji-store';
    await h.fake.follow(user);
    const names = ['🧋'.repeat(20), '👍🏽'.repeat(20), '🧋'.repeat(25)];
    const items = names.map((label, i): messagingApi.QuickReplyItem => ({ type: 'action', action: { type: 'postback', label, data: `a=store&s=${i}`, displayText: label } }));
    const replyToken = await h.replyToken(user);
    await h.queueReply(user, replyToken, [confirmCardFor(rangesOf(2), names[0]), { ...text('要上傳哪一家店？'), quickReply: { items } }]);
    await h.queuePush(user, [NEXT_ANSWER]);

    assert.ok((await deliverOnce()) < 3000);
    const reply = h.fake.replies().find((candidate) => candidate.userId === user);
    const labels = reply?.messages.at(-1)?.quickReply?.items?.map((item) => item.action?.label) ?? [];
    assert.deepEqual(labels.slice(0, 1), [names[0]], 'LINE counts a label in grapheme clusters: 20 emoji fit');
    assert.ok(labels.every((label) => Array.from(label ?? '').length <= 20));
    assert.equal(labels[2], `${'🧋'.repeat(19)}…`);
    assert.deepEqual(refusedCallsFor(replyToken), []);
    assert.deepEqual(botMessagesTo(user).at(-1), NEXT_ANSWER);
  });
});

describe('messages LINE still refuses as invalid', () => {
  const refusedImage: messagingApi.ImageMessage = { type: 'image', originalContentUrl: 'http://example.com/proof.png', previewImageUrl: 'http://example.com/proof.png' };

  test('fail at once without retrying; the owner gets a short text instead and the next answer goes on', async () => {
    const user = 'U-refused';
    await h.fake.follow(user);
    const replyToken = await h.replyToken(user);
    await h.queueReply(user, replyToken, [refusedImage]);
    await h.queuePush(user, [NEXT_ANSWER]);

    assert.ok((await deliverOnce()) < 3000);
    const [refused, fallback, next] = await rowsOf(user).then((rows) => [
      rows.find((row) => row.purpose === 'conversation:test'),
      rows.find((row) => row.purpose === 'conversation:test:fallback'),
      rows.find((row) => row.purpose === 'result:test'),
    ]);
    assert.equal(refused?.status, 'failed');
    assert.equal(refused?.attempts, 1);
    assert.match(refused?.last_error ?? '', /messages\[0\]\.originalContentUrl/);
    assert.equal(fallback?.status, 'sent');
    assert.equal(fallback?.delivered_by, 'reply', 'the fallback uses the same reply token: free, and in the same turn');
    assert.equal(next?.status, 'sent');
    assert.deepEqual(botMessagesTo(user), [text(fitCopy.notShown), NEXT_ANSWER]);
    assert.equal(refusedCallsFor(replyToken).length, 1, 'one refusal, no retry');

    const logs = h.logs();
    assert.match(logs, /LINE refused the messages as invalid \(400\); not retrying/);
    assert.match(logs, /messages\[0\]\.originalContentUrl: must be an https url/);
    assert.ok(!logs.includes(h.channelAccessToken) && !logs.includes(replyToken), 'no secret in the logs');

    const callsBefore = h.fake.calls().length;
    h.clock.advance(10 * 60_000);
    await h.outbox.deliverDue();
    assert.equal(h.fake.calls().length, callsBefore, 'nothing is retried later either');
    h.clock.advance(-10 * 60_000);
  });

  test('a push LINE refuses is replaced by a pushed text', async () => {
    const user = 'U-refused-push';
    await h.fake.follow(user);
    await h.queuePush(user, [refusedImage], 'proof:job-1');
    await deliverOnce();
    const rows = await rowsOf(user);
    assert.deepEqual(
      rows.map((row) => [row.purpose, row.status, row.delivered_by]),
      [
        ['proof:job-1', 'failed', null],
        ['proof:job-1:fallback', 'sent', 'push'],
      ],
    );
    assert.deepEqual(botMessagesTo(user), [text(fitCopy.notShown)]);
  });

  test('a short text LINE refuses in turn is not replaced again', async () => {
    const user = 'U-refused-twice';
    await h.fake.follow(user);
    const invalid = { message: 'The request body has 1 error(s)', details: [{ message: 'Length must be between 0 and 5000', property: 'messages[0].text' }] };
    h.fake.failNext('/v2/bot/message/reply', 400, 2, { body: invalid });
    await h.queueReply(user, await h.replyToken(user), [text('好')]);
    await h.queuePush(user, [NEXT_ANSWER]);
    await deliverOnce();
    const rows = await rowsOf(user);
    assert.deepEqual(
      rows.map((row) => [row.purpose, row.status]).sort(),
      [
        ['conversation:test', 'failed'],
        ['conversation:test:fallback', 'failed'],
        ['result:test', 'sent'],
      ],
    );
    assert.deepEqual(botMessagesTo(user), [NEXT_ANSWER]);
  });
});

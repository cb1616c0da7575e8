// What the outbox does with a message whose sending was cut off (the bot killed during the call to
// LINE, or LINE's answer lost): the decision table of src/line/outbox.ts, one row per test. The
// killed bot is played by marking the row as it leaves it — `sending`, committed — after making (or
// not making) the request it had sent to the fake LINE platform.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { messagingApi } from '@line/bot-sdk';
import { taipeiDate, taipeiInstant } from '../../src/invoice/taipei-time.ts';
import { createLineApi } from '../../src/line/line-api.ts';
import { OutboxSender } from '../../src/line/outbox.ts';
import { createLogger } from '../../src/log.ts';
import { startOutboxHarness, type OutboxHarness } from './outbox-harness.ts';

let h: OutboxHarness;
before(async () => {
  h = await startOutboxHarness();
});
after(() => h.stop());

const text = (value: string): messagingApi.TextMessage => ({ type: 'text', text: value });

/** The LINE client the killed bot used: its requests reach the fake as the bot's would. */
const killedBotsLine = () => createLineApi({ channelAccessToken: h.channelAccessToken, apiBaseUrl: h.fake.url, log: createLogger('silent'), retries: 0 });

/** Leaves the row as a bot killed during its call to LINE leaves it. */
async function cutOff(id: string, via: 'reply' | 'push'): Promise<void> {
  await h.database.db.updateTable('outbox').set({ status: 'sending', sending_via: via, sending_since: h.clock.now().toISOString() }).where('id', '=', id).execute();
}

const rowOf = (id: string) => h.database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const repliesTo = (user: string) => h.fake.replies().filter((reply) => reply.userId === user);
const pushesTo = (user: string) => h.fake.pushes().filter((push) => push.to === user);
const pushLogOf = (retryKey: string) => h.database.db.selectFrom('push_log').selectAll().where('retry_key', '=', retryKey).execute();

/** Log lines (pino JSON) whose message matches. */
function logged(pattern: RegExp): { level: number; msg: string }[] {
  return h
    .logs()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string })
    .filter((entry) => pattern.test(entry.msg));
}

describe('a reply whose sending was cut off', () => {
  test('LINE had shown it: its token is refused on the retry, so it counts as delivered, and no push goes out', async () => {
    const user = 'U-crash-reply-shown';
    await h.fake.follow(user);
    const token = await h.replyToken(user);
    const id = await h.queueReply(user, token, [text('答案')]);
    await killedBotsLine().reply(token, [text('答案')]);
    await cutOff(id, 'reply');

    await h.outbox.deliverDue();
    const row = await rowOf(id);
    assert.equal(row.status, 'assumed_sent');
    assert.equal(row.delivered_by, 'reply');
    assert.equal(repliesTo(user).length, 1, 'shown once');
    assert.equal(pushesTo(user).length, 0, 'never pushed: that would show it twice, and bill it');
    const [note] = logged(/reply assumed delivered/);
    assert.equal(note?.level, 30, 'operators see it at info');
  });

  test('it had not reached LINE: the token is still good, so the answer is replied now', async () => {
    const user = 'U-crash-reply-unsent';
    await h.fake.follow(user);
    const id = await h.queueReply(user, await h.replyToken(user), [text('答案')]);
    await cutOff(id, 'reply');

    await h.outbox.deliverDue();
    const row = await rowOf(id);
    assert.equal(row.status, 'sent');
    assert.equal(row.delivered_by, 'reply');
    assert.equal(repliesTo(user).length, 1);
    assert.equal(pushesTo(user).length, 0);
  });

  test("LINE's answer was lost (500 after it showed the reply): the retry's refusal means it was shown", async () => {
    const user = 'U-lost-reply-answer';
    await h.fake.follow(user);
    h.fake.failNext('/v2/bot/message/reply', 500, 1, { afterProcessing: true });
    const id = await h.queueReply(user, await h.replyToken(user), [text('答案')]);

    await h.outbox.deliverDue();
    assert.equal((await rowOf(id)).status, 'assumed_sent');
    assert.equal(repliesTo(user).length, 1);
    assert.equal(pushesTo(user).length, 0);
  });

  test('every attempt of a call lost: the row stays sending, and the next look settles it without a push', async () => {
    const user = 'U-lost-every-answer';
    await h.fake.follow(user);
    h.fake.failNext('/v2/bot/message/reply', 500, 1, { afterProcessing: true });
    h.fake.failNext('/v2/bot/message/reply', 502, 3);
    const id = await h.queueReply(user, await h.replyToken(user), [text('答案')]);

    await h.outbox.deliverDue();
    const cut = await rowOf(id);
    assert.deepEqual([cut.status, cut.sending_via, cut.attempts], ['sending', 'reply', 1]);

    h.clock.advance(70_000); // past the token's minute, as after a long outage: still never pushed
    await h.outbox.deliverDue();
    assert.equal((await rowOf(id)).status, 'assumed_sent');
    assert.equal(repliesTo(user).length, 1);
    assert.equal(pushesTo(user).length, 0);
  });

  test('refused on its first try (the token lapsed while the bot was busy): it goes as a push, as before', async () => {
    const user = 'U-token-lapsed';
    await h.fake.follow(user);
    const token = await h.replyToken(user);
    h.clock.advance(30_000); // the event waited behind others before its step ran
    const id = await h.queueReply(user, token, [text('答案')]);
    h.clock.advance(35_000); // the bot still trusts the token (50 s from the step), LINE (60 s from the event) no longer

    await h.outbox.deliverDue();
    const row = await rowOf(id);
    assert.deepEqual([row.status, row.delivered_by], ['sent', 'push']);
    assert.equal(repliesTo(user).length, 0);
    assert.equal(pushesTo(user).length, 1);
    assert.equal(h.fake.calls().filter((call) => call.path === '/v2/bot/message/reply' && JSON.stringify(call.body).includes(token) && call.status === 400).length, 1);
  });
});

describe('a push whose sending was cut off', () => {
  test('LINE had accepted it: sent again with its key, LINE answers 409, counted delivered and logged once', async () => {
    const user = 'U-crash-push-accepted';
    await h.fake.follow(user);
    const id = await h.queuePush(user, [text('結果')]);
    const { retry_key: retryKey } = await rowOf(id);
    await killedBotsLine().push(user, [text('結果')], retryKey);
    await cutOff(id, 'push');

    await h.outbox.deliverDue();
    const row = await rowOf(id);
    assert.deepEqual([row.status, row.delivered_by], ['sent', 'push-repeat']);
    assert.equal(pushesTo(user).length, 1, 'delivered once');
    assert.equal(h.fake.calls().filter((call) => call.status === 409 && call.headers['x-line-retry-key'] === retryKey).length, 1);
    const log = await pushLogOf(retryKey);
    assert.equal(log.length, 1, 'LINE billed it once: logged once');
    assert.equal(log[0]?.message_count, 1);
  });

  test('it had not reached LINE: pushed now, logged once', async () => {
    const user = 'U-crash-push-unsent';
    await h.fake.follow(user);
    const id = await h.queuePush(user, [text('結果')]);
    await cutOff(id, 'push');

    await h.outbox.deliverDue();
    const row = await rowOf(id);
    assert.deepEqual([row.status, row.delivered_by], ['sent', 'push']);
    assert.equal(pushesTo(user).length, 1);
    assert.equal((await pushLogOf(row.retry_key)).length, 1);
  });

  test("a reminder in flight is confirmed even once the budget is used up: it was allowed when it went", async () => {
    const user = 'U-crash-reminder';
    await h.fake.follow(user);
    const { year, month, day } = taipeiDate(h.clock.now());
    const noon = taipeiInstant(year, month, day, 12);
    const ahead = noon.getTime() - h.clock.now().getTime() + (noon < h.clock.now() ? 86_400_000 : 0);
    h.clock.advance(ahead); // daytime: a reminder is not held for the night
    const id = await h.queuePush(user, [text('提醒')], 'remind:test', { urgent: false });
    const { retry_key: retryKey } = await rowOf(id);
    await killedBotsLine().push(user, [text('提醒')], retryKey);
    await cutOff(id, 'push');

    const spent = new OutboxSender({ db: h.database.db, line: killedBotsLine(), clock: h.clock, log: createLogger('silent'), pushBudget: 0, publicBaseUrl: h.url });
    await spent.deliverDue();
    const row = await rowOf(id);
    assert.deepEqual([row.status, row.delivered_by], ['sent', 'push-repeat'], 'not skipped: LINE had delivered it');
    assert.equal(pushesTo(user).length, 1);
    assert.equal((await pushLogOf(retryKey)).length, 1);
    h.clock.advance(-ahead);
  });
});

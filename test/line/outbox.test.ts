import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { enqueueMessages, OutboxSender, pushesThisMonth } from '../../src/line/outbox.ts';
import { createLineApi } from '../../src/line/line-api.ts';
import { taipeiDate, taipeiInstant } from '../../src/invoice/taipei-time.ts';
import { createLogger } from '../../src/log.ts';
import { startTestBot, type TestBot } from '../support/bot.ts';

let t: TestBot;
before(async () => {
  t = await startTestBot();
});
after(() => t.stop());

const text = (value: string) => [{ type: 'text' as const, text: value }];

describe('delivering messages to LINE', () => {
  test('an answer whose reply token has gone stale is pushed, with a retry key', async () => {
    const user = 'U-late';
    await t.follow(user);
    await t.bot.stop(); // the event waits, as it would behind a crash
    await t.fake.sendText(user, '說明');
    t.clock.advance(2 * 60_000);
    const pushesBefore = t.fake.pushes().length;
    await t.restart();
    await t.bot.settle();
    const pushes = t.fake.pushes().slice(pushesBefore).filter((p) => p.to === user);
    assert.equal(pushes.length, 1);
    assert.match(pushes[0]?.retryKey ?? '', /^[0-9a-f-]{36}$/);
    t.clock.advance(-2 * 60_000);
  });

  test('LINE failing with 5xx is retried with backoff and delivered once', async () => {
    const user = 'U-5xx';
    await t.follow(user);
    t.fake.failNext('/v2/bot/message/reply', 500, 2);
    const answer = await t.say(user, '說明');
    assert.equal(answer.length, 1);
    assert.match(t.logs(), /LINE call failed; retrying/);
  });

  test('a push whose answer was lost is retried with the same key and shown only once', async () => {
    const user = 'U-lost';
    await t.follow(user);
    const before = t.fake.pushes().filter((p) => p.to === user).length;
    t.fake.failNext('/v2/bot/message/push', 500, 1, { afterProcessing: true });
    await enqueueMessages(t.database.db, { lineUserId: user, messages: text('結果通知'), purpose: 'test', urgent: true }, t.clock.now());
    await t.bot.outbox.deliverDue();
    await t.bot.outbox.deliverDue();
    const delivered = t.fake.pushes().filter((p) => p.to === user).slice(before);
    assert.equal(delivered.length, 1);
    const row = await t.database.db.selectFrom('outbox').selectAll().where('line_user_id', '=', user).where('purpose', '=', 'test').executeTakeFirstOrThrow();
    assert.equal(row.status, 'sent');
  });

  test('a LINE outage never crashes processing; the message waits and is delivered later', async () => {
    const user = 'U-outage';
    await t.follow(user);
    t.fake.failNext('*', 503, 4); // one delivery attempt with its three retries
    await t.fake.sendText(user, '狀態');
    await t.bot.settle();
    const row = await t.database.db.selectFrom('outbox').selectAll().where('line_user_id', '=', user).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    assert.equal(row.status, 'pending');
    assert.ok(row.attempts >= 1);
    t.clock.advance(10 * 60_000);
    await t.bot.outbox.deliverDue();
    const delivered = await t.database.db.selectFrom('outbox').select('status').where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(delivered.status, 'sent');
    t.clock.advance(-10 * 60_000);
  });

  test('pushes are counted per month; a non-urgent push over the budget is skipped and logged, an urgent one is not', async () => {
    const user = 'U-budget';
    await t.follow(user);
    atTaipeiDaytime(t); // a reminder would otherwise wait for the morning (quiet-hours.test.ts)
    const used = await pushesThisMonth(t.database.db, t.clock.now());
    const tight = new OutboxSender({ db: t.database.db, line: lineOf(t), clock: t.clock, log: createLogger('silent'), pushBudget: used, publicBaseUrl: t.publicBaseUrl });
    await enqueueMessages(t.database.db, { lineUserId: user, messages: text('提醒'), purpose: 'reminder', urgent: false }, t.clock.now());
    await enqueueMessages(t.database.db, { lineUserId: user, messages: text('結果'), purpose: 'result', urgent: true }, t.clock.now());
    await tight.deliverDue();
    const rows = await t.database.db.selectFrom('outbox').select(['purpose', 'status']).where('line_user_id', '=', user).where('purpose', 'in', ['reminder', 'result']).execute();
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.purpose, r.status])), { reminder: 'skipped', result: 'sent' });
    assert.equal(await pushesThisMonth(t.database.db, t.clock.now()), used + 1);
  });
});

/** Moves the clock (LINE's too) on to the next 12:00 in Taipei. */
function atTaipeiDaytime(bot: TestBot): void {
  const { year, month, day } = taipeiDate(bot.clock.now());
  const noon = taipeiInstant(year, month, day, 12);
  bot.clock.advance(noon.getTime() - bot.clock.now().getTime() + (noon < bot.clock.now() ? 24 * 60 * 60 * 1000 : 0));
}

function lineOf(bot: TestBot) {
  return createLineApi({ channelAccessToken: bot.channelAccessToken, apiBaseUrl: bot.lineApiUrl, log: createLogger('silent'), baseDelayMs: 5 });
}

describe('owners in parallel', () => {
  test('a slow delivery to one owner does not hold up the answer to another', async () => {
    await t.follow('U-slowline');
    await t.follow('U-quick');
    t.fake.delayNext('/v2/bot/message/reply', 1500);
    const slowSince = t.fake.mark('U-slowline');
    await t.fake.sendText('U-slowline', '說明');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const began = Date.now();
    const quickSince = t.fake.mark('U-quick');
    await t.fake.sendText('U-quick', '說明');
    const quick = await t.fake.waitForMessages('U-quick', 1, { since: quickSince, timeoutMs: 5000 });
    assert.equal(quick.length, 1);
    assert.ok(Date.now() - began < 1000, `the other owner was answered in ${Date.now() - began} ms`);
    await t.fake.waitForMessages('U-slowline', 1, { since: slowSince, timeoutMs: 5000 });
  });
});

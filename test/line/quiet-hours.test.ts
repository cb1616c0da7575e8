import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { messagingApi } from '@line/bot-sdk';
import { taipeiInstant } from '../../src/invoice/taipei-time.ts';
import { quietUntil } from '../../src/line/quiet-hours.ts';
import { startOutboxHarness, type OutboxHarness } from './outbox-harness.ts';

describe('quiet hours (Asia/Taipei)', () => {
  test('21:00 up to 09:00 is quiet; the push may go at the next 09:00', () => {
    assert.equal(quietUntil(taipeiInstant(2026, 11, 25, 9, 0)), undefined);
    assert.equal(quietUntil(taipeiInstant(2026, 11, 25, 20, 59, 59, 999)), undefined);
    assert.deepEqual(quietUntil(taipeiInstant(2026, 11, 25, 21, 0)), taipeiInstant(2026, 11, 26, 9, 0));
    assert.deepEqual(quietUntil(taipeiInstant(2026, 11, 25, 23, 59)), taipeiInstant(2026, 11, 26, 9, 0));
    assert.deepEqual(quietUntil(taipeiInstant(2026, 11, 26, 0, 0)), taipeiInstant(2026, 11, 26, 9, 0));
    assert.deepEqual(quietUntil(taipeiInstant(2026, 11, 26, 8, 59, 59, 999)), taipeiInstant(2026, 11, 26, 9, 0));
    assert.deepEqual(quietUntil(taipeiInstant(2026, 11, 30, 22, 0)), taipeiInstant(2026, 12, 1, 9, 0), 'across a month');
    assert.deepEqual(quietUntil(taipeiInstant(2026, 12, 31, 21, 30)), taipeiInstant(2027, 1, 1, 9, 0), 'across a year');
  });
});

describe('a push that can wait is held in the outbox through the night', () => {
  let h: OutboxHarness;
  before(async () => {
    h = await startOutboxHarness();
  });
  after(() => h.stop());

  const text = (value: string): messagingApi.TextMessage => ({ type: 'text', text: value });
  const pushesTo = (user: string) => h.fake.pushes().filter((push) => push.to === user);
  const rowOf = (id: string) => h.database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  test('a reminder due at 22:30 waits until 09:00; an urgent answer to the same owner goes at once, behind nothing', async () => {
    const user = 'U-night-owl';
    await h.fake.follow(user);
    h.clock.set(taipeiInstant(2026, 11, 25, 22, 30));
    const reminder = await h.queuePush(user, [text('提醒：11/10 前要上傳空白發票')], 'remind:test', { urgent: false });
    const result = await h.queuePush(user, [text('已送出 ✔')], 'submitted:test');

    await h.outbox.deliverDue();
    assert.deepEqual(pushesTo(user).map((push) => push.messages), [[text('已送出 ✔')]], 'the urgent one only');
    const held = await rowOf(reminder);
    assert.equal(held.status, 'pending');
    assert.equal(held.next_attempt_at, taipeiInstant(2026, 11, 26, 9, 0).toISOString());
    assert.equal((await rowOf(result)).status, 'sent');
    assert.match(h.logs(), /push held for quiet hours/);

    h.clock.set(taipeiInstant(2026, 11, 26, 8, 59));
    await h.outbox.deliverDue();
    assert.equal(pushesTo(user).length, 1, 'still night at 08:59');

    h.clock.set(taipeiInstant(2026, 11, 26, 9, 0));
    await h.outbox.deliverDue();
    assert.equal(pushesTo(user).length, 2);
    assert.deepEqual(pushesTo(user)[1]?.messages, [text('提醒：11/10 前要上傳空白發票')]);
    assert.equal((await rowOf(reminder)).status, 'sent');
  });

  test('a reminder queued in the day goes at once; one queued at 21:00 sharp waits', async () => {
    const user = 'U-day-and-night';
    await h.fake.follow(user);
    h.clock.set(taipeiInstant(2026, 11, 27, 20, 59));
    await h.queuePush(user, [text('白天的提醒')], 'remind:day', { urgent: false });
    await h.outbox.deliverDue();
    assert.equal(pushesTo(user).length, 1);

    h.clock.set(taipeiInstant(2026, 11, 27, 21, 0));
    const late = await h.queuePush(user, [text('晚上的提醒')], 'remind:night', { urgent: false });
    await h.outbox.deliverDue();
    assert.equal(pushesTo(user).length, 1);
    assert.equal((await rowOf(late)).status, 'pending');
  });

  test('an urgent push at 03:00 (a job result the owner is waiting for) is never held', async () => {
    const user = 'U-small-hours';
    await h.fake.follow(user);
    h.clock.set(taipeiInstant(2026, 11, 28, 3, 0));
    await h.queuePush(user, [text('平台已查到 ✅')], 'proof:test');
    await h.outbox.deliverDue();
    assert.equal(pushesTo(user).length, 1);
  });
});

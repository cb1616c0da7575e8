// Two processes delivering one owner's messages: the owner's lane lease keeps them one at a time,
// and when a stalled holder's lease lapses and another process takes over, the stalled one finds
// the row changed under it and stops — the owner sees the answer once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLineApi } from '../../src/line/line-api.ts';
import { OutboxSender } from '../../src/line/outbox.ts';
import { capturingLogger } from '../support/log.ts';
import { startOutboxHarness } from './outbox-harness.ts';

test('a sender that stalls past its lease and comes back does not answer a second time', async () => {
  const h = await startOutboxHarness();
  try {
    const { log, text } = capturingLogger();
    const lineB = createLineApi({ channelAccessToken: h.channelAccessToken, apiBaseUrl: h.fake.url, log, baseDelayMs: 5 });
    const other = new OutboxSender({ db: h.database.db, line: lineB, clock: h.clock, log, pushBudget: 200, publicBaseUrl: h.url });
    await other.deliverDue();
    const owner = `U${'ab'.repeat(16)}`;
    await h.fake.follow(owner);
    const token = await h.replyToken(owner);
    await h.queueReply(owner, token, [{ type: 'text', text: 'answer' }]);
    // The first sender's reply reaches LINE only after 1.5 s (a starved event loop, a long pause).
    h.fake.delayNext('/v2/bot/message/reply', 1500, 1);
    const stalled = h.outbox.deliverDue();
    await new Promise((resolve) => setTimeout(resolve, 300));
    h.clock.advance(21_000); // its 20-second lane lease has lapsed: the other process may take the owner
    await other.deliverDue();
    await stalled;
    const answers = h.fake.replies().filter((reply) => reply.userId === owner).length + h.fake.pushes().filter((push) => push.to === owner).length;
    assert.equal(answers, 1, 'the owner sees the answer once');
    const rows = await h.database.db.selectFrom('outbox').select(['status', 'delivered_by']).where('line_user_id', '=', owner).execute();
    assert.deepEqual(rows, [{ status: 'sent', delivered_by: 'reply' }]);
    assert.match(text() + h.logs(), /another process took over this owner's messages/);
  } finally {
    await h.stop();
  }
});

test("while one process holds an owner's lane, another does not even look at that owner's messages", async () => {
  const h = await startOutboxHarness();
  try {
    const { log } = capturingLogger();
    const lineB = createLineApi({ channelAccessToken: h.channelAccessToken, apiBaseUrl: h.fake.url, log, baseDelayMs: 5 });
    const other = new OutboxSender({ db: h.database.db, line: lineB, clock: h.clock, log, pushBudget: 200, publicBaseUrl: h.url });
    const owner = `U${'cd'.repeat(16)}`;
    await h.fake.follow(owner);
    await h.queueReply(owner, await h.replyToken(owner), [{ type: 'text', text: 'one' }]);
    h.fake.delayNext('/v2/bot/message/reply', 800, 1);
    const first = h.outbox.deliverDue();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const leases = await h.database.db.selectFrom('lane_leases').selectAll().execute();
    assert.equal(leases.length, 1, 'the first sender holds the lane');
    await other.deliverDue(); // returns at once: that owner is the first sender's
    await first;
    const replyCalls = h.fake.calls().filter((call) => call.path === '/v2/bot/message/reply');
    assert.equal(replyCalls.length, 1, `one call to LINE, from the lane holder: ${JSON.stringify(replyCalls.map((c) => [c.status, c.at]))} ${h.logs()}`);
    assert.deepEqual(await h.database.db.selectFrom('lane_leases').selectAll().execute(), [], 'released once done');
  } finally {
    await h.stop();
  }
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { InboxWriter, pendingQueues } from '../../src/line/inbox.ts';
import type { WebhookEvent } from '../../src/line/webhook-events.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.dispose());

let sequence = 0;
function textEvent(userId: string | null): WebhookEvent {
  sequence += 1;
  return {
    type: 'message',
    mode: 'active',
    timestamp: 1_790_000_000_000 + sequence,
    source: userId === null ? { type: 'group', groupId: 'C-group' } : { type: 'user', userId },
    webhookEventId: `01INBOX${String(sequence).padStart(19, '0')}`,
    deliveryContext: { isRedelivery: false },
    replyToken: `token${sequence}`,
    message: { type: 'text', id: String(sequence), quoteToken: 'q', text: 'hi' },
  } as WebhookEvent;
}

const stored = async (ids: readonly string[]) =>
  (await database.db.selectFrom('webhook_inbox').select('webhook_event_id').where('webhook_event_id', 'in', ids).execute()).length;

describe('inbox writer', () => {
  test('deliveries of one turn are committed together, each told how many of its events were new', async () => {
    const writer = new InboxWriter(database.db);
    const [a, b, c] = [textEvent('U-1'), textEvent('U-2'), textEvent('U-3')] as [WebhookEvent, WebhookEvent, WebhookEvent];
    const counts = await Promise.all([
      writer.store([a, b], new Date()),
      writer.store([b], new Date()), // the same event twice in one turn, as a redelivery racing the original
      writer.store([c], new Date()),
    ]);
    assert.deepEqual(counts, [2, 0, 1]);
    assert.equal(await stored([a, b, c].map((event) => event.webhookEventId)), 3);
  });

  test('a delivery the database refuses fails alone; the others of its turn are stored', async () => {
    const writer = new InboxWriter(database.db);
    const good = textEvent('U-4');
    const refused = { ...textEvent('U-5'), type: null } as unknown as WebhookEvent; // event_type is NOT NULL
    const [goodResult, refusedResult] = await Promise.allSettled([writer.store([good], new Date()), writer.store([refused], new Date())]);
    assert.deepEqual(goodResult, { status: 'fulfilled', value: 1 });
    assert.equal(refusedResult.status, 'rejected');
    assert.equal(await stored([good.webhookEventId, refused.webhookEventId]), 1);
  });
});

describe('pending queues', () => {
  test('one queue per user, and one per event without a user, the oldest first', async () => {
    await database.db.updateTable('webhook_inbox').set({ status: 'done' }).execute();
    const writer = new InboxWriter(database.db);
    const events = [textEvent('U-early'), textEvent('U-late'), textEvent('U-early'), textEvent(null), textEvent('U-late')];
    await writer.store(events, new Date());
    const userless = events[3] as WebhookEvent;
    assert.deepEqual(await pendingQueues(database.db), ['U-early', 'U-late', `event:${userless.webhookEventId}`]);
  });
});

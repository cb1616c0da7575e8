import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../src/log.ts';
import { InboxDispatcher } from '../../src/line/inbox-dispatcher.ts';
import { storeEvents } from '../../src/line/inbox.ts';
import { createLineApi } from '../../src/line/line-api.ts';
import type { WebhookEvent } from '../../src/line/webhook-events.ts';
import { startTestBot, type TestBot } from '../support/bot.ts';

let t: TestBot;
before(async () => {
  t = await startTestBot();
  await t.bot.stop(); // these tests drive their own dispatcher over the same database
});
after(() => t.stop());

let sequence = 0;
function textEvent(userId: string, text: string): WebhookEvent {
  sequence += 1;
  return {
    type: 'message',
    mode: 'active',
    timestamp: 1_790_000_000_000 + sequence,
    source: { type: 'user', userId },
    webhookEventId: `01TEST${String(sequence).padStart(20, '0')}`,
    deliveryContext: { isRedelivery: false },
    replyToken: `token${sequence}`,
    message: { type: 'text', id: String(sequence), quoteToken: 'q', text },
  } as WebhookEvent;
}

describe('inbox dispatcher', () => {
  test('strictly in order per owner, whatever order the events were stored in', async () => {
    const log: string[] = [];
    const dispatcher = new InboxDispatcher({
      db: t.database.db,
      log: createLogger('silent'),
      clock: t.clock,
      handle: async (event) => {
        log.push(`${event.source?.type === 'user' ? event.source.userId : '?'}:${event.type === 'message' && event.message.type === 'text' ? event.message.text : ''}`);
      },
    });
    const a = ['1', '2', '3'].map((n) => textEvent('U-a', n));
    const b = ['1', '2', '3'].map((n) => textEvent('U-b', n));
    // Stored out of order (as two deliveries may arrive): the events' own timestamps decide.
    await storeEvents(t.database.db, [a[2], b[1], a[0]].filter((e): e is WebhookEvent => e !== undefined), t.clock.now());
    await storeEvents(t.database.db, [b[0], a[1], b[2]].filter((e): e is WebhookEvent => e !== undefined), t.clock.now());
    dispatcher.kick();
    await dispatcher.idle();
    assert.deepEqual(log.filter((entry) => entry.startsWith('U-a')), ['U-a:1', 'U-a:2', 'U-a:3']);
    assert.deepEqual(log.filter((entry) => entry.startsWith('U-b')), ['U-b:1', 'U-b:2', 'U-b:3']);
  });

  test('a failing event is retried, keeps its owner\'s later events waiting, and is given up after the last attempt', async () => {
    let failures = 0;
    const seen: string[] = [];
    const dispatcher = new InboxDispatcher({
      db: t.database.db,
      log: createLogger('silent'),
      clock: t.clock,
      maxAttempts: 2,
      handle: async (event) => {
        const text = event.type === 'message' && event.message.type === 'text' ? event.message.text : '';
        if (text === 'boom') {
          failures += 1;
          throw new Error('handler crashed');
        }
        seen.push(text);
      },
    });
    await storeEvents(t.database.db, [textEvent('U-c', 'boom'), textEvent('U-c', 'after')], t.clock.now());
    dispatcher.kick();
    await dispatcher.idle();
    assert.deepEqual(seen, []);
    dispatcher.kick();
    await dispatcher.idle();
    assert.equal(failures, 2);
    assert.deepEqual(seen, ['after']);
    const failed = await t.database.db.selectFrom('webhook_inbox').select(['status', 'last_error']).where('line_user_id', '=', 'U-c').where('status', '=', 'failed').execute();
    assert.equal(failed.length, 1);
    assert.match(failed[0]?.last_error ?? '', /handler crashed/);
  });

  test('a backlog is worked off one event per turn of the event loop, so requests are answered in between', async () => {
    let handled = 0;
    const dispatcher = new InboxDispatcher({
      db: t.database.db,
      log: createLogger('silent'),
      clock: t.clock,
      handle: async () => {
        handled += 1;
      },
    });
    const backlog = Array.from({ length: 40 }, (_, i) => textEvent(`U-backlog-${i % 4}`, String(i)));
    await storeEvents(t.database.db, backlog, t.clock.now());
    dispatcher.kick();
    const handledWhenATimerRan = await new Promise<number>((resolve) => setTimeout(() => resolve(handled), 0));
    await dispatcher.idle();
    assert.equal(handled, 40);
    assert.ok(handledWhenATimerRan < 10, `a timer due at once waited for ${handledWhenATimerRan} events`);
  });

  test('an event that needs preparing is prepared outside its transaction, once, and handled with the result in order', async () => {
    const handled: string[] = [];
    let prepared = 0;
    let inTransactionWhilePreparing = false;
    let preparing = false;
    const textOfEvent = (event: WebhookEvent) => (event.type === 'message' && event.message.type === 'text' ? event.message.text : '');
    const dispatcher = new InboxDispatcher<string>({
      db: t.database.db,
      log: createLogger('silent'),
      clock: t.clock,
      preparer: {
        wants: (event) => textOfEvent(event).startsWith('photo'),
        prepare: async (event) => {
          prepared += 1;
          preparing = true;
          // The database is free meanwhile: another write goes through at once.
          await t.database.db.selectFrom('webhook_inbox').select('webhook_event_id').limit(1).execute();
          await new Promise((resolve) => setTimeout(resolve, 100));
          preparing = false;
          return `read:${textOfEvent(event)}`;
        },
      },
      handle: async (event, _trx, value) => {
        inTransactionWhilePreparing ||= preparing;
        handled.push(value ?? textOfEvent(event));
      },
    });
    await storeEvents(t.database.db, [textEvent('U-prep', 'before'), textEvent('U-prep', 'photo 1'), textEvent('U-prep', 'after')], t.clock.now());
    dispatcher.kick();
    await dispatcher.idle();
    assert.deepEqual(handled, ['before', 'read:photo 1', 'after']);
    assert.equal(prepared, 1);
    assert.equal(inTransactionWhilePreparing, false);
    const leases = await t.database.db.selectFrom('lane_leases').selectAll().where('lane', 'like', 'inbox-prepare:%').execute();
    assert.deepEqual(leases, [], 'the preparing lease is given back');
  });

  test('slow work shows LINE\'s loading animation to the owner', async () => {
    const user = 'U-slow';
    await t.fake.follow(user);
    const line = createLineApi({ channelAccessToken: t.channelAccessToken, apiBaseUrl: t.lineApiUrl, log: createLogger('silent') });
    const dispatcher = new InboxDispatcher({
      db: t.database.db,
      log: createLogger('silent'),
      clock: t.clock,
      slowEventMs: 50,
      onSlowEvent: (userId) => void line.showLoading(userId, 10),
      handle: () => new Promise((resolve) => setTimeout(resolve, 300)),
    });
    await storeEvents(t.database.db, [textEvent(user, 'slow')], t.clock.now());
    dispatcher.kick();
    await dispatcher.idle();
    // The follow (stored while no dispatcher ran) and the message were both slow: one animation each.
    const loadings = t.fake.loadings().filter((l) => l.chatId === user);
    assert.equal(loadings.length, 2);
    assert.ok(loadings.every((l) => l.loadingSeconds === 10));
  });
});

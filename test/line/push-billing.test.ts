// LINE bills one message per push request to one owner, whatever its bubbles (up to 5); replies are free.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { messagingApi } from '@line/bot-sdk';
import { FileMigrationProvider, Migrator, sql } from 'kysely';
import { connectDatabase } from '../../src/db/connect.ts';
import { MIGRATIONS_FOLDER } from '../../src/db/migrate.ts';
import { taipeiInstant } from '../../src/invoice/taipei-time.ts';
import { createLineApi } from '../../src/line/line-api.ts';
import { billedPushes, OutboxSender, pushesThisMonth } from '../../src/line/outbox.ts';
import { createLogger } from '../../src/log.ts';
import { startOutboxHarness, type OutboxHarness } from './outbox-harness.ts';

const text = (value: string): messagingApi.TextMessage => ({ type: 'text', text: value });
const fiveBubbles = ['一', '二', '三', '四', '五'].map((n) => text(`第${n}則`));

describe('billing as LINE counts it', () => {
  let h: OutboxHarness;
  before(async () => {
    h = await startOutboxHarness();
    h.clock.set(taipeiInstant(2026, 11, 25, 12, 0)); // daytime: reminders are not held for the night
  });
  after(() => h.stop());

  const line = () => createLineApi({ channelAccessToken: h.channelAccessToken, apiBaseUrl: h.fake.url, log: createLogger('silent'), retries: 0 });

  test('a push of five bubbles is one message in the push log, in the month count and at LINE', async () => {
    const user = 'U-five-bubbles';
    await h.fake.follow(user);
    const before = await pushesThisMonth(h.database.db, h.clock.now());
    const lineBefore = await line().quota();
    await h.queuePush(user, fiveBubbles, 'result:five');
    await h.outbox.deliverDue();

    const [logged] = await h.database.db.selectFrom('push_log').selectAll().where('line_user_id', '=', user).execute();
    assert.equal(logged?.message_count, 1);
    assert.equal(logged?.bubble_count, 5);
    assert.equal(await pushesThisMonth(h.database.db, h.clock.now()), before + 1);
    assert.equal((await line().quota()).used, lineBefore.used + 1, "the fake LINE's own count agrees");
  });

  test('one message left in the budget is room for a reminder of five bubbles', async () => {
    const user = 'U-last-of-budget';
    await h.fake.follow(user);
    const used = await pushesThisMonth(h.database.db, h.clock.now());
    const outbox = new OutboxSender({ db: h.database.db, line: line(), clock: h.clock, log: createLogger('silent'), pushBudget: used + 1, publicBaseUrl: h.url });
    const first = await h.queuePush(user, fiveBubbles, 'remind:a', { urgent: false });
    const second = await h.queuePush(user, [text('再一次')], 'remind:b', { urgent: false });
    await outbox.deliverDue();
    const status = async (id: string) => (await h.database.db.selectFrom('outbox').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    assert.equal(await status(first), 'sent');
    assert.equal(await status(second), 'skipped', 'the budget is then used up');
  });

  test('billed pushes per owner, purpose or kind within a window; replies are not counted', async () => {
    const [ann, bob] = ['U-billing-ann', 'U-billing-bob'];
    await h.fake.follow(ann);
    await h.fake.follow(bob);
    const from = h.clock.now();
    await h.queuePush(ann, fiveBubbles, 'remind:store-a:11510:d1', { urgent: false });
    await h.queuePush(ann, [text('結果')], 'submitted:job-1');
    await h.queuePush(bob, [text('提醒')], 'remind:store-b:11510:d1', { urgent: false });
    await h.queueReply(bob, await h.replyToken(bob), [text('免費的回覆')]);
    await h.outbox.deliverDue();
    const to = new Date(h.clock.now().getTime() + 1);
    h.clock.advance(60_000);
    await h.queuePush(ann, [text('窗外')], 'submitted:job-2');
    await h.outbox.deliverDue();

    const window = { from, to };
    assert.deepEqual(await billedPushes(h.database.db, window), new Map([[ann, 2], [bob, 1]]));
    assert.deepEqual(
      await billedPushes(h.database.db, window, 'purpose'),
      new Map([['remind:store-a:11510:d1', 1], ['submitted:job-1', 1], ['remind:store-b:11510:d1', 1]]),
    );
    assert.deepEqual(await billedPushes(h.database.db, window, 'kind'), new Map([['remind', 2], ['submitted', 1]]));
    assert.equal((await billedPushes(h.database.db, { from: to, to: new Date(h.clock.now().getTime() + 1) })).get(ann), 1);
  });
});

/** The name of the migration just before this one. */
async function migrationBefore(name: string): Promise<string> {
  const names = (await fs.readdir(MIGRATIONS_FOLDER)).map((file) => file.replace(/\.ts$/, '')).sort();
  const earlier = names.filter((candidate) => candidate < name);
  const last = earlier.at(-1);
  assert.ok(last);
  return last;
}

describe('the migration to per-request billing', () => {
  test('pushes logged by bubbles count one each; outbox rows keep their state; a bad status is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'billing-migration-'));
    const db = connectDatabase(`sqlite:${join(dir, 'bot.db')}`);
    try {
      const migrator = new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_FOLDER }) });
      const before = await migrationBefore('20261201T1501_create_outbox_next');
      assert.equal((await migrator.migrateTo(before)).error, undefined);
      const at = '2026-11-20T02:00:00.000Z';
      await sql`insert into push_log (id, line_user_id, month, retry_key, purpose, urgent, message_count, sent_at)
        values ('p1', 'U-old', '2026-11', 'rk-1', 'remind:x', 0, 3, ${at}), ('p2', 'U-old', '2026-11', 'rk-2', 'result:y', 1, 1, ${at})`.execute(db);
      await sql`insert into outbox (id, line_user_id, messages_json, retry_key, purpose, urgent, status, attempts, next_attempt_at, created_at)
        values ('o1', 'U-old', '[]', 'rk-o1', 'result:z', 1, 'pending', 2, ${at}, ${at})`.execute(db);

      assert.equal((await migrator.migrateToLatest()).error, undefined);
      const logged = await db.selectFrom('push_log').select(['id', 'message_count', 'bubble_count']).orderBy('id').execute();
      assert.deepEqual(logged, [
        { id: 'p1', message_count: 1, bubble_count: 3 },
        { id: 'p2', message_count: 1, bubble_count: 1 },
      ]);
      const kept = await db.selectFrom('outbox').select(['status', 'attempts', 'sending_via']).where('id', '=', 'o1').executeTakeFirstOrThrow();
      assert.deepEqual(kept, { status: 'pending', attempts: 2, sending_via: null });
      await assert.rejects(sql`update outbox set status = 'lost' where id = 'o1'`.execute(db), /CHECK constraint failed/);
      await assert.rejects(sql`update outbox set status = 'sending' where id = 'o1'`.execute(db), /CHECK constraint failed/, 'sending says how and since when');

      // And back: a message in flight returns as pending, the bubbles as the count they were.
      await sql`update outbox set status = 'sending', sending_via = 'push', sending_since = ${at} where id = 'o1'`.execute(db);
      assert.equal((await migrator.migrateTo(before)).error, undefined);
      assert.equal((await sql<{ status: string }>`select status from outbox where id = 'o1'`.execute(db)).rows[0]?.status, 'pending');
      assert.deepEqual((await sql<{ message_count: number }>`select message_count from push_log order by id`.execute(db)).rows.map((row) => row.message_count), [3, 1]);
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

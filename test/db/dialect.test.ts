// The few engine-specific SQL pieces, run on the engine of this run (SQLite, and PostgreSQL
// when `npm test` repeats the database suites there), plus the lane leases both engines share.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { connectDatabase, type Db } from '../../src/db/connect.ts';
import { commaJoined, dialectOf, jsonArrayRows, jsonElement, jsonObjectText, tryQueueTurn } from '../../src/db/dialect.ts';
import { releaseLease, releaseLeasesOfGoneProcesses, takeLease } from '../../src/line/lane-leases.ts';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.ts';

let database: TestDatabase;
let second: Db;
before(async () => {
  database = await createTestDatabase();
  second = connectDatabase(database.url);
});
after(async () => {
  await second.destroy();
  await database.dispose();
});

const T0 = new Date('2026-12-01T02:00:00Z');

describe(`dialect pieces on ${testDatabaseKind()}`, () => {
  test('the Kysely instance knows its engine', () => {
    assert.equal(dialectOf(database.db), testDatabaseKind());
  });

  test('a JSON array parameter becomes rows, its elements readable as text, and rows join back into one text', async () => {
    const json = JSON.stringify([['a', 'x1'], ['b', 'x2'], ['c', 'x3']]);
    const { rows } = await sql<{ joined: string; built: string }>`
      select ${commaJoined(database.db, jsonElement(1))} as joined, max(${jsonObjectText(database.db, [['id', jsonElement(0)], ['n', 7], ['period', '11509']])}) as built
      from ${jsonArrayRows(database.db, json)}`.execute(database.db);
    assert.deepEqual(rows[0]?.joined.split(',').sort(), ['x1', 'x2', 'x3']);
    assert.deepEqual(JSON.parse(rows[0]?.built ?? '{}'), { id: 'c', n: 7, period: '11509' });
  });

  test("a queue's turn is one transaction's at a time, across connections", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstHasIt!: () => void;
    const firstTook = new Promise<void>((resolve) => (firstHasIt = resolve));
    const first = database.db.transaction().execute(async (trx) => {
      assert.equal(await tryQueueTurn(trx, 'inbox:U1'), true);
      firstHasIt();
      await held;
    });
    await firstTook;
    if (testDatabaseKind() === 'postgres') {
      // Another process asking meanwhile is told no at once (and another owner's queue is free).
      assert.equal(await second.transaction().execute((trx) => tryQueueTurn(trx, 'inbox:U1')), false);
      assert.equal(await second.transaction().execute((trx) => tryQueueTurn(trx, 'inbox:U2')), true);
      release();
      await first;
      assert.equal(await second.transaction().execute((trx) => tryQueueTurn(trx, 'inbox:U1')), true);
    } else {
      // SQLite: the transaction took the one write lock when it began (BEGIN IMMEDIATE), before writing
      // anything; another connection that will not wait is refused its own transaction meanwhile.
      // (Waiting is synchronous in better-sqlite3, so it is shown across processes elsewhere.)
      await sql`pragma busy_timeout = 0`.execute(second);
      await assert.rejects(second.transaction().execute(async () => undefined), /database is locked/);
      await sql`pragma busy_timeout = 5000`.execute(second);
      release();
      await first;
      assert.equal(await second.transaction().execute((trx) => tryQueueTurn(trx, 'inbox:U1')), true);
    }
  });
});

describe(`lane leases on ${testDatabaseKind()}`, () => {
  test('one holder at a time; renewable by its holder; free once released or lapsed', async () => {
    const lane = 'outbox:U-lease';
    assert.equal(await takeLease(database.db, lane, '1.a@host-a', T0, 20_000), true);
    assert.equal(await takeLease(second, lane, '2.b@host-b', T0, 20_000), false);
    assert.equal(await takeLease(database.db, lane, '1.a@host-a', new Date(T0.getTime() + 10_000), 20_000), true);
    assert.equal(await takeLease(second, lane, '2.b@host-b', new Date(T0.getTime() + 25_000), 20_000), false);
    assert.equal(await takeLease(second, lane, '2.b@host-b', new Date(T0.getTime() + 30_000), 20_000), true);
    await releaseLease(database.db, lane, '1.a@host-a'); // not its lease any more: nothing happens
    assert.equal(await takeLease(database.db, lane, '1.a@host-a', new Date(T0.getTime() + 31_000), 20_000), false);
    await releaseLease(second, lane, '2.b@host-b');
    assert.equal(await takeLease(database.db, lane, '1.a@host-a', new Date(T0.getTime() + 32_000), 20_000), true);
  });

  test("a restarted process frees its earlier self's leases on this host at once, not a live process's", async () => {
    const { hostname } = await import('node:os');
    const host = hostname();
    const earlierSelf = `${process.pid}.0ld0ld00@${host}`;
    const gone = `999999.deadbeef@${host}`;
    const alive = `${process.ppid}.a11ve000@${host}`;
    const elsewhere = `999999.deadbeef@another-host`;
    for (const [i, holder] of [earlierSelf, gone, alive, elsewhere].entries()) await takeLease(database.db, `lane:${i}`, holder, T0, 60_000);
    const freed = await releaseLeasesOfGoneProcesses(database.db, `${process.pid}.n0wn0w00@${host}`);
    assert.equal(freed, 2);
    const left = await database.db.selectFrom('lane_leases').select('holder').where('lane', 'like', 'lane:%').orderBy('lane').execute();
    assert.deepEqual(left.map((row) => row.holder), [alive, elsewhere]);
  });
});

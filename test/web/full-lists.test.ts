import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import { AdjustableClock } from '../../src/clock.ts';
import { draftFullLists, FULL_LIST_KEPT_MS, fullListsRouter, publishFullList } from '../../src/web/full-lists.ts';
import * as migration from '../../migrations/20261201T0901_create_full_lists.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { serveRouters } from '../support/web.ts';

let database: TestDatabase;
let served: Awaited<ReturnType<typeof serveRouters>>;
let base: string;
const clock = new AdjustableClock();

before(async () => {
  database = await createTestDatabase();
  served = await serveRouters(database.db, [fullListsRouter(database.db, clock)]);
  base = served.base;
});
after(async () => {
  await served.close();
  await database.dispose();
});

const publish = (lines: string[], title = '完整清單') => publishFullList(database.db, 'U-owner', { title, lines }, base, clock.now());

function assertPrivateHeaders(response: Response): void {
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
  assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
}

describe('the full-list page', () => {
  test('shows every line, escaped, in a small zh-TW page with its expiry in Taipei time', async () => {
    const url = await publish(['字軌 MM', '16937074–16946899 9,826 張', '<script>alert(1)</script>', '', '合計 9,826 張'], '請確認：<b>小林咖啡</b>');
    assert.match(url, new RegExp(`^${base}/lists/[A-Za-z0-9_-]{32}$`));
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
    assertPrivateHeaders(response);
    const html = await response.text();
    assert.match(html, /<html lang="zh-Hant-TW">/);
    assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.ok(html.includes('<li>16937074–16946899 9,826 張</li>'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;') && !html.includes('<script>'));
    assert.ok(html.includes('請確認：&lt;b&gt;小林咖啡&lt;/b&gt;'));
    const expires = new Date(clock.now().getTime() + FULL_LIST_KEPT_MS);
    const taipei = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei', year: 'numeric', month: '2-digit', day: '2-digit' }).format(expires).replaceAll('-', '/');
    assert.ok(html.includes(`這個連結在 ${taipei}`), 'the expiry is shown in Taipei time');
  });

  test('stores only the hash of the token', async () => {
    const url = await publish(['一行']);
    const token = url.split('/').at(-1) ?? '';
    const rows = await database.db.selectFrom('full_lists').selectAll().execute();
    assert.ok(rows.length > 0);
    assert.ok(!JSON.stringify(rows).includes(token));
  });

  test('an unknown, malformed or expired link is 404, with nothing about the list', async () => {
    const url = await publish(['MM16937074–16946899']);
    const unknown = await fetch(`${base}/lists/${'A'.repeat(32)}`);
    const malformed = await fetch(`${base}/lists/..%2Fimages`);
    clock.advance(FULL_LIST_KEPT_MS + 1000);
    const expired = await fetch(url);
    clock.advance(-(FULL_LIST_KEPT_MS + 1000));
    for (const response of [unknown, malformed, expired]) {
      assert.equal(response.status, 404);
      assertPrivateHeaders(response);
      const html = await response.text();
      assert.match(html, /這個連結已經失效/);
      assert.ok(!html.includes('16937074'));
    }
    assert.equal((await fetch(url)).status, 200, 'still there before it expires');
  });

  test('drafted pages get their links at once and are stored together', async () => {
    const drafts = draftFullLists(base);
    const first = drafts.publish({ title: '甲', lines: ['1'] });
    const second = drafts.publish({ title: '乙', lines: ['2'] });
    assert.notEqual(first, second);
    assert.equal((await fetch(first)).status, 404, 'nothing is served before save');
    await database.db.transaction().execute((trx) => drafts.save(trx, 'U-owner', clock.now()));
    assert.equal((await fetch(first)).status, 200);
    assert.equal((await fetch(second)).status, 200);
  });
});

describe('the full_lists migration', () => {
  test('goes down and up again on SQLite', async () => {
    const scratch = await createTestDatabase();
    try {
      await migration.down(scratch.db as unknown as Kysely<unknown>);
      await assert.rejects(sql`select count(*) from full_lists`.execute(scratch.db), /no such table/);
      await migration.up(scratch.db as unknown as Kysely<unknown>);
      await sql`select count(*) from full_lists`.execute(scratch.db);
    } finally {
      await scratch.dispose();
    }
  });

  test('is plain DDL that PostgreSQL runs as well', async () => {
    const statements: string[] = [];
    const postgres = new Kysely<unknown>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new PostgresIntrospector(db),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
      log: (event) => {
        statements.push(event.query.sql);
      },
    });
    await migration.up(postgres);
    assert.deepEqual(statements, [
      'create table "full_lists" ("token_hash" text primary key, "line_user_id" text not null, "title" text not null, "lines_json" text not null, "expires_at" text not null, "created_at" text not null)',
      'create index "full_lists_expires_at" on "full_lists" ("expires_at")',
    ]);
  });
});

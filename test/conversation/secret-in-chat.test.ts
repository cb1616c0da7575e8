// A password typed into the chat is warned about and kept nowhere: not in the inbox, not in the
// conversation state, not in any other table (read from the database's own catalog, so a new
// table is covered), not in a log line.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../src/db/connect.ts';
import { REDACTED_PASSWORD_TEXT } from '../../src/line/inbox.ts';
import { allText, startTestBot, type TestBot } from '../support/bot.ts';
import { testDatabaseKind } from '../support/db.ts';

const TAIPEI = (iso: string) => new Date(`${iso}+08:00`);
const WARNING = /請不要在聊天室裡輸入密碼/;

let t: TestBot;
before(async () => {
  t = await startTestBot();
  t.clock.set(TAIPEI('2026-11-03T10:00:00'));
});
after(() => t.stop());

interface Column {
  readonly table: string;
  readonly column: string;
  readonly type: string;
}

/** Every column of every table, from the catalog. */
async function allColumns(db: Db): Promise<Column[]> {
  if (testDatabaseKind() === 'postgres') {
    const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select c.table_name, c.column_name, c.data_type
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'`.execute(db);
    return rows.map((row) => ({ table: row.table_name, column: row.column_name, type: row.data_type }));
  }
  const { rows: tables } = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
  const columns: Column[] = [];
  for (const { name } of tables) {
    const { rows } = await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${name})`.execute(db);
    columns.push(...rows.map((row) => ({ table: name, column: row.name, type: row.type })));
  }
  return columns;
}

/** The columns (as table.column) where some row holds the text. Every column is read as text; bytes as bytes. */
async function whereStored(db: Db, needle: string): Promise<string[]> {
  const found: string[] = [];
  const postgres = testDatabaseKind() === 'postgres';
  for (const { table, column, type } of await allColumns(db)) {
    const value = sql.ref(`${table}.${column}`);
    const holds = postgres
      ? type === 'bytea'
        ? sql`position(convert_to(${needle}, 'UTF8') in ${value}) > 0`
        : sql`strpos(cast(${value} as text), cast(${needle} as text)) > 0`
      : sql`instr(cast(${value} as text), ${needle}) > 0`;
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where ${holds}`.execute(db);
    if (Number(rows[0]?.n ?? 0) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

describe('a password typed into the chat', () => {
  const user = 'U-secret-in-chat';
  const passwords = ['Sim-Pass-1234!', 'p@ss_w0rd.99', 'Name#Step-2024'];

  test('is warned about at the idle state, at the store-name step and after the step timed out', async () => {
    await t.follow(user);

    const idle = allText(await t.say(user, passwords[0] as string));
    assert.match(idle, WARNING, 'idle');

    await t.tap(user, '設定我的商店');
    await t.say(user, '04595257');
    await t.tap(user, '不是');
    await t.tap(user, '一般稅額計算');
    const atName = allText(await t.say(user, passwords[0] as string));
    assert.match(atName, WARNING, 'store-name step');
    assert.match(atName, /幫這家店取個簡短的名字/, 'the name is asked again');

    const withSymbols = allText(await t.say(user, passwords[1] as string));
    assert.match(withSymbols, WARNING);

    // The step left alone past its 30 minutes is picked up by typing: the password is not taken for the name.
    t.clock.advance(40 * 60_000);
    const afterExpiry = allText(await t.say(user, passwords[2] as string));
    assert.match(afterExpiry, WARNING, 'after the step timed out');
    assert.match(afterExpiry, /幫這家店取個簡短的名字/);

    const named = allText(await t.say(user, '小林咖啡'));
    assert.match(named, /「小林咖啡」設定好了/, 'a real name still goes through');

    // At the ranges step (free text) too.
    await t.tap(user, '上傳空白發票');
    await t.tap(user, '115年9-10月');
    assert.match(allText(await t.say(user, passwords[0] as string)), WARNING, 'ranges step');
    const ranges = allText(await t.say(user, 'AB12345678-12345699'));
    assert.doesNotMatch(ranges, WARNING, 'an invoice range is not a password');
  });

  test('is kept in no table and no log line', async () => {
    await t.bot.settle();
    const db = t.database.db;

    // The scan finds what is there: the name and the redacted events.
    assert.ok((await allColumns(db)).length > 20, 'the catalog lists the tables');
    assert.ok((await whereStored(db, '小林咖啡')).includes('stores.display_name'), 'the scan reads real rows');
    assert.deepEqual(await whereStored(db, REDACTED_PASSWORD_TEXT), ['webhook_inbox.payload_json']);
    const pending = await db.selectFrom('webhook_inbox').select('status').where('status', '!=', 'done').execute();
    assert.deepEqual(pending, [], 'every event was processed');

    for (const password of passwords) {
      assert.deepEqual(await whereStored(db, password), [], password);
      assert.ok(!t.logs().includes(password), `no log line holds ${password}`);
    }
    // Nor a recognisable part of one (state kept across idle expiry, a name, an error).
    assert.deepEqual(await whereStored(db, 'Sim-Pass'), []);
    assert.ok(t.logs().length > 0, 'logs were captured');
    assert.ok(!/Sim-Pass|p@ss_w0rd|Name#Step/.test(t.logs()));
  });
});

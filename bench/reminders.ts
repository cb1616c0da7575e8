import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../src/db/connect.ts';
import { dialectOf, jsonArrayRows, jsonElement } from '../src/db/dialect.ts';
import { justEndedPeriod, periodKey, type Period } from '../src/invoice/period.ts';
import { DEFAULT_REMINDER_SCHEDULE, dueSlot, planReminderSlot, reminderSlot, type ReminderSlot } from '../src/jobs/reminders.ts';
import { createLogger } from '../src/log.ts';
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from '../test/support/db.ts';
import { ms, type BenchRow } from './table.ts';

const STORES = 100_000;
/** Enough for every store, as a budget usually is; one slot is also planned with pushes left for half. */
const PUSH_BUDGET = 10_000_000;
/** Seed rows per insert statement (one JSON parameter each). */
const SEED_BATCH = 10_000;

const section = 'reminders';

interface Engine {
  readonly name: string;
  /** The bound on planning one slot for 100,000 stores. */
  readonly target: string;
  readonly open: () => Promise<TestDatabase>;
}

/**
 * Time to plan one reminder slot for 100,000 stores: the first slot of a period (no reminder
 * yet), the next one, when every store already has one, and a third when the budget covers
 * only half the stores, which have to be ranked. On a SQLite file, and on a fresh database of
 * the PostgreSQL server named by BENCH_POSTGRES_URL or TEST_POSTGRES_URL.
 */
export async function remindersBench(): Promise<BenchRow[]> {
  const rows = await engineRows({ name: 'SQLite', target: '≤ 1000 ms', open: createSqliteDatabase });
  const postgresUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  if (!postgresUrl) {
    return [
      ...rows,
      { section, metric: 'PostgreSQL: plan a slot for 100000 stores', value: 'skipped: no PostgreSQL', target: 'eval "$(bash scripts/pg-test-cluster.sh start)"; then npm run bench reminders' },
    ];
  }
  // test/support/db.ts reads TEST_POSTGRES_URL; BENCH_POSTGRES_URL, when given, wins.
  process.env.TEST_POSTGRES_URL = postgresUrl;
  return [...rows, ...(await engineRows({ name: 'PostgreSQL', target: '≤ 2000 ms', open: createPostgresDatabase }))];
}

async function engineRows(engine: Engine): Promise<BenchRow[]> {
  const database = await engine.open();
  try {
    const period = justEndedPeriod(new Date());
    const seedStarted = performance.now();
    const seeded = await seedStores(database.db, period, STORES);
    const seedMs = performance.now() - seedStarted;
    const first = await planDue(database.db, period, 1, PUSH_BUDGET);
    const second = await planDue(database.db, period, 5, PUSH_BUDGET);
    const short = await planDue(database.db, period, 8, STORES / 2);
    const { name, target } = engine;
    return [
      { section, metric: `${name}: seed ${STORES} owners + stores (${seeded.withPeriodRow} with a pending period row, ${seeded.refused} refused ranges)`, value: ms(seedMs) },
      { section, metric: `${name}: plan first slot (${first.slot.key}): ${first.queued} of ${STORES} stores queued`, value: ms(first.ms), target },
      { section, metric: `${name}: plan next slot (${second.slot.key}), ${STORES} earlier reminders: ${second.queued} queued`, value: ms(second.ms), target },
      { section, metric: `${name}: plan next slot (${short.slot.key}), pushes left for half the stores (ranked): ${short.queued} queued`, value: ms(short.ms), target },
    ];
  } finally {
    await database.dispose();
  }
}

/** Plans the slot of `day` as the scheduler would when it comes due. */
async function planDue(db: Db, period: Period, day: number, pushBudget: number): Promise<{ slot: ReminderSlot; queued: number; ms: number }> {
  const at = reminderSlot(period, day, DEFAULT_REMINDER_SCHEDULE).at;
  const slot = dueSlot(at, DEFAULT_REMINDER_SCHEDULE);
  if (!slot) throw new Error(`no reminder slot is due at ${at.toISOString()}`);
  const started = performance.now();
  const result = await planReminderSlot(db, slot, { now: at, pushBudget, log: createLogger('silent') });
  return { slot, queued: result.queued, ms: performance.now() - started };
}

interface Seeded {
  readonly withPeriodRow: number;
  readonly refused: number;
}

interface SeedRows {
  readonly owners: (string | null)[][];
  readonly stores: (string | null)[][];
  readonly periods: string[][];
  readonly refusedRanges: string[][];
}

/**
 * Owners who follow the bot, one store each, all still to report `period`: most have no
 * row for the period yet, every tenth has a 'pending' one, and one in a hundred of those
 * has a range the platform refused; a third have no platform credentials yet. Written in
 * one transaction, a JSON parameter of rows per statement, the same on either engine.
 * PostgreSQL's statistics are then brought up to date, as autovacuum would soon after.
 */
async function seedStores(db: Db, period: Period, count: number): Promise<Seeded> {
  const rows = seedRows(periodKey(period), count);
  const v = jsonElement;
  await db.transaction().execute(async (trx) => {
    await insertRows(trx, sql`owners (line_user_id, display_name, following, created_at, updated_at)`, [v(0), sql`null`, sql`1`, v(1), v(1)], rows.owners);
    await insertRows(
      trx,
      sql`stores (id, owner_line_user_id, ubn, branch_ubn, invoice_type, display_name, sealed_credentials, credentials_updated_at, created_at, updated_at)`,
      [v(0), v(1), v(2), sql`'00000000'`, sql`'07'`, v(3), v(4), sql`null`, v(5), v(5)],
      rows.stores,
    );
    await insertRows(
      trx,
      sql`store_periods (id, store_id, period_key, state, queued_at, submitted_at, confirmed_at, created_at, updated_at)`,
      [v(0), v(1), v(2), sql`'pending'`, sql`null`, sql`null`, sql`null`, v(3), v(3)],
      rows.periods,
    );
    await insertRows(
      trx,
      sql`period_ranges (id, store_period_id, track, start_no, end_no, outcome, outcome_message, created_at, updated_at)`,
      [v(0), v(1), sql`'MM'`, sql`16937074`, sql`16937099`, sql`'refused'`, sql`'空白發票新增失敗'`, v(2), v(2)],
      rows.refusedRanges,
    );
  });
  if (dialectOf(db) === 'postgres') await sql`analyze`.execute(db);
  return { withPeriodRow: rows.periods.length, refused: rows.refusedRanges.length };
}

function seedRows(key: string, count: number): SeedRows {
  const rows: SeedRows = { owners: [], stores: [], periods: [], refusedRanges: [] };
  for (let i = 0; i < count; i += 1) {
    const owner = `U${i.toString(16).padStart(32, '0')}`;
    const storeId = randomUUID();
    const created = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
    rows.owners.push([owner, created]);
    rows.stores.push([storeId, owner, String(10_000_000 + i), `店 ${i}`, i % 3 === 0 ? null : 'sealed', created]);
    if (i % 10 !== 0) continue;
    const storePeriod = randomUUID();
    rows.periods.push([storePeriod, storeId, key, created]);
    if (i % 1000 === 0) rows.refusedRanges.push([randomUUID(), storePeriod, created]);
  }
  return rows;
}

/** Inserts `rows` into `target`, each column's value one of `values` (an element of the row, or a constant). */
async function insertRows(db: Db, target: RawBuilder<unknown>, values: RawBuilder<unknown>[], rows: unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += SEED_BATCH) {
    const batch = JSON.stringify(rows.slice(start, start + SEED_BATCH));
    await sql`insert into ${target} select ${sql.join(values)} from ${jsonArrayRows(db, batch)}`.execute(db);
  }
}

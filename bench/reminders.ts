import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import SqliteDatabase from 'better-sqlite3';
import type { Db } from '../src/db/connect.ts';
import { justEndedPeriod, periodKey, type Period } from '../src/invoice/period.ts';
import { DEFAULT_REMINDER_SCHEDULE, dueSlot, planReminderSlot, reminderSlot, type ReminderSlot } from '../src/jobs/reminders.ts';
import { createLogger } from '../src/log.ts';
import { createTestDatabase } from '../test/support/db.ts';
import { ms, type BenchRow } from './table.ts';

const STORES = 100_000;
/** Enough for every store: the figure is the planner's time, not the budget's cut. */
const PUSH_BUDGET = 10_000_000;

const section = 'reminders';

/**
 * Time to plan one reminder slot for 100,000 stores on a SQLite file: the first slot of
 * a period (no reminder yet) and the next one, when every store already has one.
 */
export async function remindersBench(): Promise<BenchRow[]> {
  const database = await createTestDatabase();
  try {
    const period = justEndedPeriod(new Date());
    const seeded = timed(() => seedStores(database.path, period, STORES));
    const first = await planDue(database.db, period, 1);
    const second = await planDue(database.db, period, 5);
    return [
      { section, metric: `seed ${STORES} owners + stores (${seeded.result.withPeriodRow} with a pending period row, ${seeded.result.refused} refused ranges)`, value: ms(seeded.ms) },
      { section, metric: `plan first slot (${first.slot.key}): ${first.queued} of ${STORES} stores queued`, value: ms(first.ms), target: '≤ 2000 ms' },
      { section, metric: `plan next slot (${second.slot.key}), ${STORES} earlier reminders: ${second.queued} queued`, value: ms(second.ms), target: '≤ 2000 ms' },
    ];
  } finally {
    await database.dispose();
  }
}

/** Plans the slot of `day` as the scheduler would when it comes due. */
async function planDue(db: Db, period: Period, day: number): Promise<{ slot: ReminderSlot; queued: number; ms: number }> {
  const at = reminderSlot(period, day, DEFAULT_REMINDER_SCHEDULE).at;
  const slot = dueSlot(at, DEFAULT_REMINDER_SCHEDULE);
  if (!slot) throw new Error(`no reminder slot is due at ${at.toISOString()}`);
  const started = performance.now();
  const result = await planReminderSlot(db, slot, { now: at, pushBudget: PUSH_BUDGET, log: createLogger('silent') });
  return { slot, queued: result.queued, ms: performance.now() - started };
}

interface Seeded {
  readonly withPeriodRow: number;
  readonly refused: number;
}

/**
 * Owners who follow the bot, one store each, all still to report `period`: most have no
 * row for the period yet, every tenth has a 'pending' one, and one in a hundred of those
 * has a range the platform refused; a third have no platform credentials yet. Written
 * straight through better-sqlite3 in one transaction, which takes a second or two.
 */
function seedStores(path: string, period: Period, count: number): Seeded {
  const sqlite = new SqliteDatabase(path);
  try {
    const insert = seedStatements(sqlite);
    const key = periodKey(period);
    let withPeriodRow = 0;
    let refused = 0;
    sqlite.transaction(() => {
      for (let i = 0; i < count; i += 1) {
        const owner = `U${i.toString(16).padStart(32, '0')}`;
        const storeId = randomUUID();
        const created = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
        insert.owner.run(owner, created, created);
        insert.store.run(storeId, owner, String(10_000_000 + i), `店 ${i}`, i % 3 === 0 ? null : 'sealed', created, created);
        if (i % 10 !== 0) continue;
        const storePeriod = randomUUID();
        insert.period.run(storePeriod, storeId, key, created, created);
        withPeriodRow += 1;
        if (i % 1000 !== 0) continue;
        insert.refusedRange.run(randomUUID(), storePeriod, created, created);
        refused += 1;
      }
    })();
    return { withPeriodRow, refused };
  } finally {
    sqlite.close();
  }
}

function seedStatements(sqlite: SqliteDatabase.Database) {
  return {
    owner: sqlite.prepare(`insert into owners (line_user_id, display_name, following, created_at, updated_at) values (?, null, 1, ?, ?)`),
    store: sqlite.prepare(
      `insert into stores (id, owner_line_user_id, ubn, branch_ubn, invoice_type, display_name, sealed_credentials, credentials_updated_at, created_at, updated_at)
       values (?, ?, ?, '00000000', '07', ?, ?, null, ?, ?)`,
    ),
    period: sqlite.prepare(
      `insert into store_periods (id, store_id, period_key, state, queued_at, submitted_at, confirmed_at, created_at, updated_at)
       values (?, ?, ?, 'pending', null, null, null, ?, ?)`,
    ),
    refusedRange: sqlite.prepare(
      `insert into period_ranges (id, store_period_id, track, start_no, end_no, outcome, outcome_message, created_at, updated_at)
       values (?, ?, 'MM', 16937074, 16937099, 'refused', '空白發票新增失敗', ?, ?)`,
    ),
  };
}

function timed<T>(work: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = work();
  return { result, ms: performance.now() - started };
}

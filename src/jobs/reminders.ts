// Deadline reminders: when they are due (a few days of each odd month, at one Taipei
// time) and which stores get one — planned for every store at once, within the push budget.
// The planner's SQL is written once for SQLite and PostgreSQL; the pieces that differ
// (joining a group's values, rows from a JSON array, a JSON object, PostgreSQL's JIT) come
// from db/dialect.ts. Its range on jobs.key needs keys compared byte by byte, which SQLite
// does and PostgreSQL's key column is collated to do (migration 20261201T1301). Processes
// planning the same slot at once need no lock: each job's key is unique.
import { randomBytes, randomInt } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/connect.ts';
import { commaJoined, jsonArrayRows, jsonElement, jsonObjectText, withoutJit } from '../db/dialect.ts';
import { justEndedPeriod, nextPeriod, periodFromKey, periodKey, rocToGregorian, type Period } from '../invoice/period.ts';
import { taipeiDate, taipeiInstant, toTaipei } from '../invoice/taipei-time.ts';
import { pushesThisMonth } from '../line/outbox.ts';
import type { Logger } from '../log.ts';

export interface ReminderSchedule {
  /** Days of the odd month (1–10), ascending. */
  readonly days: readonly number[];
  /** Asia/Taipei wall-clock time of each reminder. */
  readonly hour: number;
  readonly minute: number;
}

export const DEFAULT_REMINDER_SCHEDULE: ReminderSchedule = { days: [1, 5, 8, 10], hour: 10, minute: 0 };

export const REMIND_JOB_KIND = 'remind';
/** The 10th is the last day of the upload window: a reminder after it is too late to help. */
const LAST_DAY = 10;
/** Owners are not pushed to in the evening or at night (Taipei): 09:00 up to 21:00. */
const SENDING_FROM_MINUTE = 9 * 60;
const QUIET_FROM_MINUTE = 21 * 60;
/** Each reminder is one text message, so one push against the monthly count. */
const MESSAGES_PER_REMINDER = 1;
/** A remind job only queues a message; a few attempts are plenty. */
const REMIND_MAX_ATTEMPTS = 3;
/** Rows per insert statement: large enough to be cheap, small enough to keep each JSON parameter modest. */
const INSERT_BATCH = 5000;
/** Skipped store ids are logged in chunks, so no log line grows without bound. */
const LOGGED_IDS_PER_LINE = 1000;

// ---- Schedule -----------------------------------------------------------------------------

type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/**
 * Parses REMINDER_DAYS ("1,5,8,10": days 1–10 of the odd month) and REMINDER_TIME ("10:00",
 * 09:00–20:59 Asia/Taipei); unset or blank means the default. Every problem is reported at once.
 */
export function parseReminderSchedule(
  days: string | undefined,
  time: string | undefined,
): { ok: true; schedule: ReminderSchedule } | { ok: false; problems: string[] } {
  const parsedDays = days?.trim() ? parseDays(days) : ok(DEFAULT_REMINDER_SCHEDULE.days);
  const parsedTime = time?.trim() ? parseTime(time) : ok({ hour: DEFAULT_REMINDER_SCHEDULE.hour, minute: DEFAULT_REMINDER_SCHEDULE.minute });
  if (!parsedDays.ok || !parsedTime.ok) {
    return { ok: false, problems: [...(parsedDays.ok ? [] : parsedDays.problems), ...(parsedTime.ok ? [] : parsedTime.problems)] };
  }
  return { ok: true, schedule: { days: parsedDays.value, ...parsedTime.value } };
}

function parseDays(text: string): Parsed<readonly number[]> {
  const tokens = text.split(/[\s,]+/).filter((token) => token !== '');
  const problems: string[] = [];
  const days = new Set<number>();
  for (const token of tokens) {
    const day = /^\d{1,2}$/.test(token) ? Number(token) : NaN;
    if (day >= 1 && day <= LAST_DAY) days.add(day);
    else problems.push(`REMINDER_DAYS: "${token}" is not a day from 1 to ${LAST_DAY} (blank numbers are due by the 10th of the odd month); list days separated by commas, e.g. REMINDER_DAYS=1,5,8,10`);
  }
  if (tokens.length === 0) problems.push('REMINDER_DAYS lists no day; list days from 1 to 10 separated by commas, e.g. REMINDER_DAYS=1,5,8,10');
  return problems.length > 0 ? { ok: false, problems } : ok([...days].sort((a, b) => a - b));
}

function parseTime(text: string): Parsed<{ hour: number; minute: number }> {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (match === null || hour > 23 || minute > 59) {
    return { ok: false, problems: [`REMINDER_TIME: "${text}" is not a time of day; write it as HH:MM in Asia/Taipei time, e.g. REMINDER_TIME=10:00`] };
  }
  const minuteOfDay = hour * 60 + minute;
  if (minuteOfDay < SENDING_FROM_MINUTE || minuteOfDay >= QUIET_FROM_MINUTE) {
    return { ok: false, problems: [`REMINDER_TIME: ${text} is outside 09:00–20:59 (Asia/Taipei), when owners may be disturbed; choose a daytime, e.g. REMINDER_TIME=10:00`] };
  }
  return ok({ hour, minute });
}

function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

// ---- Slots ------------------------------------------------------------------------------------

export interface ReminderSlot {
  readonly period: Period;
  readonly day: number;
  readonly at: Date;
  /** `<periodKey>:d<day>`, e.g. `11510:d5`. */
  readonly key: string;
}

/**
 * The slot to send now, if any: the just-ended period's slot whose time has come today
 * (Asia/Taipei). Never from 21:00 to 09:00 and never a slot of an earlier day: a worker
 * that was down does not send yesterday's reminder late at night or a day late.
 */
export function dueSlot(now: Date, schedule: ReminderSchedule): ReminderSlot | null {
  const local = toTaipei(now);
  const month = local.month() + 1;
  const day = local.date();
  if (month % 2 === 0 || !schedule.days.includes(day)) return null;
  const minuteOfDay = local.hour() * 60 + local.minute();
  if (minuteOfDay < schedule.hour * 60 + schedule.minute || minuteOfDay >= QUIET_FROM_MINUTE) return null;
  return reminderSlot(justEndedPeriod(now), day, schedule);
}

export function reminderSlot(period: Period, day: number, schedule: ReminderSchedule): ReminderSlot {
  const { year, month } = slotMonth(period);
  return { period, day, at: taipeiInstant(year, month, day, schedule.hour, schedule.minute), key: `${periodKey(period)}:d${day}` };
}

/** Whether a reminder of this period and day may still go out now: on its own day, in daytime (Taipei). */
export function isSendingTime(period: Period, day: number, now: Date): boolean {
  const today = taipeiDate(now);
  const { year, month } = slotMonth(period);
  const local = toTaipei(now);
  const minuteOfDay = local.hour() * 60 + local.minute();
  const sameDay = today.year === year && today.month === month && today.day === day;
  return sameDay && minuteOfDay >= SENDING_FROM_MINUTE && minuteOfDay < QUIET_FROM_MINUTE;
}

/** Reminders of a period are sent in the first month of the next one. */
function slotMonth(period: Period): { year: number; month: number } {
  const next = nextPeriod(period);
  return { year: rocToGregorian(next.rocYear), month: next.startMonth };
}

// ---- Jobs -------------------------------------------------------------------------------------

export interface RemindPayload {
  readonly storeId: string;
  readonly periodKey: string;
  readonly day: number;
}

/** Unique per store and slot, so a store is never queued twice for the same slot. */
export function remindJobKey(storeId: string, key: string, day: number): string {
  return `remind:${storeId}:${key}:d${day}`;
}

/** remindJobKey in SQL, for a store id the query supplies; `day` omitted gives the period's prefix. */
function remindKeySql(storeId: RawBuilder<unknown>, key: string, day?: number): RawBuilder<string> {
  return sql<string>`${'remind:'} || ${storeId} || ${day === undefined ? `:${key}:` : `:${key}:d${day}`}`;
}

/** Reads a remind job's payload; null when it is not one (never guessed at). */
export function readRemindPayload(value: unknown): (RemindPayload & { period: Period }) | null {
  if (typeof value !== 'object' || value === null) return null;
  const { storeId, periodKey: key, day } = value as Record<string, unknown>;
  if (typeof storeId !== 'string' || typeof key !== 'string' || typeof day !== 'number') return null;
  const period = periodFromKey(key);
  if (period === null || !Number.isInteger(day) || day < 1 || day > LAST_DAY) return null;
  return { storeId, periodKey: key, day, period };
}

// ---- Planning ---------------------------------------------------------------------------------

export interface PlanOptions {
  readonly now: Date;
  /** Our monthly cap on pushed messages (PUSH_BUDGET). */
  readonly pushBudget: number;
  readonly log: Logger;
}

export interface PlanResult {
  readonly queued: number;
  readonly alreadyQueued: number;
  readonly skippedForBudget: string[];
}

interface Candidate {
  readonly id: string;
  /** This slot's job already exists. */
  readonly queued: boolean;
}

/**
 * Plans one slot: every store whose period is still to be reported (no store_periods row,
 * 'pending', or an upload that failed and needs the owner) and whose owner still follows the
 * bot gets a 'remind' job keyed
 * `remind:<storeId>:<periodKey>:d<day>`.
 *
 * When the push budget left this month cannot cover every store, stores are reminded in
 * this order (days left are the same for everyone in a slot, so they cannot rank):
 *   1. fewest reminders already planned this period — a store we have not reminded yet
 *      comes first, so a tight budget rotates across slots instead of starving the same stores;
 *   2. then need: an upload failed and needs the owner (refused ranges, a wrong password, …),
 *      then no platform credentials yet (owner has a set-up step left), then the rest;
 *   3. then the oldest store first (created_at, then id, for a stable order).
 * The stores left out are logged.
 */
export async function planReminderSlot(db: Db, slot: ReminderSlot, options: PlanOptions): Promise<PlanResult> {
  // The room is read first: a store another planner queues meanwhile is then seen as queued,
  // never also as a push in flight that would crowd out a store still waiting.
  const room = await pushRoom(db, slot, options);
  // Counting all stores is cheap, and when the budget covers them all no order is needed.
  if ((await storeCount(db)) <= room.available) return queueEveryStore(db, slot, options.now);
  const candidates = await findCandidates(db, slot);
  const waiting = candidates.filter((candidate) => !candidate.queued).map((candidate) => candidate.id);
  const chosen = waiting.slice(0, room.available);
  const skipped = waiting.slice(room.available);
  const queued = await insertRemindJobs(db, slot, chosen, options.now);
  if (skipped.length > 0) logSkipped(options.log, slot, room, skipped);
  // A store counted as chosen but not inserted was queued meanwhile by another planner.
  return { queued, alreadyQueued: candidates.length - waiting.length + (chosen.length - queued), skippedForBudget: skipped };
}

/**
 * Queues every store owed a reminder, when the budget covers every store (even counting
 * those already queued for this slot twice, as stores and as pushes in flight). Neither the
 * order nor each store's earlier reminders matter then, so the read skips the seek per store
 * in the jobs index (a third of the plan's time with 100,000 stores); a store whose job exists
 * already is told by its key conflicting.
 */
async function queueEveryStore(db: Db, slot: ReminderSlot, now: Date): Promise<PlanResult> {
  const owed = await owedStores(db, periodKey(slot.period)).select('stores.id').execute();
  const queued = await insertRemindJobs(db, slot, owed.map((row) => row.id), now);
  return { queued, alreadyQueued: owed.length - queued, skippedForBudget: [] };
}

async function storeCount(db: Db): Promise<number> {
  const row = await db.selectFrom('stores').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

interface CandidateRow {
  readonly id: string;
  readonly created_at: string;
  readonly need: number;
  /** Suffixes of this period's remind job keys for the store, e.g. 'd1,d5'; null when none. */
  readonly planned: string | null;
}

/**
 * One set-based read. Each store costs a few index lookups: its owner, its store_periods
 * row, its refused ranges, and one seek in the jobs key index that finds every reminder
 * of this period for it (this slot's included). The order is made in JS: SQLite sorting
 * 100,000 rows in a temporary b-tree cost about as much again as the read itself.
 */
async function findCandidates(db: Db, slot: ReminderSlot): Promise<Candidate[]> {
  const rows = await withoutJit(db, (read) => candidateRows(read, periodKey(slot.period)));
  const slotSuffix = `d${slot.day}`;
  const ranked = rows.map((row) => {
    const planned = row.planned === null ? [] : row.planned.split(',');
    return { id: row.id, createdAt: row.created_at, need: row.need, reminded: planned.length, queued: planned.includes(slotSuffix) };
  });
  ranked.sort((a, b) => a.reminded - b.reminded || a.need - b.need || compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id));
  return ranked;
}

async function candidateRows(db: Db, key: string): Promise<CandidateRow[]> {
  const prefix = remindKeySql(sql.ref('stores.id'), key);
  // ';' is the character after ':', so [prefix, prefixEnd) holds exactly this period's keys
  // when keys compare byte by byte (PostgreSQL's are collated "C" for it).
  const prefixEnd = sql<string>`${'remind:'} || ${sql.ref('stores.id')} || ${`:${key};`}`;
  const suffix = sql`substr(jobs.key, length(${prefix}) + 1)`;
  return owedStores(db, key)
    .select([
      'stores.id',
      'stores.created_at',
      sql<string | null>`(select ${commaJoined(db, suffix)} from jobs where jobs.key >= ${prefix} and jobs.key < ${prefixEnd})`.as('planned'),
      sql<number>`case
        when store_periods.attention_reason is not null then 0
        when stores.sealed_credentials is null then 1
        else 2 end`.as('need'),
    ])
    .execute();
}

/** Stores whose period `key` is still to be reported and whose owner follows the bot, to select from. */
function owedStores(db: Db, key: string) {
  return db
    .selectFrom('stores')
    .innerJoin('owners', 'owners.line_user_id', 'stores.owner_line_user_id')
    .leftJoin('store_periods', (join) => join.onRef('store_periods.store_id', '=', 'stores.id').on('store_periods.period_key', '=', key))
    .where('owners.following', '=', 1)
    .where((eb) =>
      eb.or([
        eb('store_periods.state', 'is', null),
        eb('store_periods.state', '=', 'pending'),
        // A failed upload still needs the owner: the reminders go on, with the fix.
        eb.and([eb('store_periods.attention_reason', 'is not', null), eb('store_periods.state', 'not in', ['confirmed', 'nothing_to_report'])]),
      ]),
    );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface PushRoom {
  readonly budget: number;
  readonly used: number;
  readonly inFlight: number;
  readonly available: number;
}

/**
 * Pushes still free this month for reminders. Reminders queued but not pushed yet will
 * spend budget too: this slot's remind jobs still waiting (an earlier slot's waiting jobs
 * will not push — the handler drops a reminder whose day has passed) and non-urgent
 * messages waiting in the outbox.
 */
async function pushRoom(db: Db, slot: ReminderSlot, options: PlanOptions): Promise<PushRoom> {
  const used = await pushesThisMonth(db, options.now);
  const jobs = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', 'in', ['pending', 'running'])
    .where('kind', '=', REMIND_JOB_KIND)
    .where('key', 'like', `remind:%:${slot.key}`)
    .executeTakeFirst();
  const messages = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['pending', 'sending'])
    .where('urgent', '=', 0)
    .executeTakeFirst();
  const inFlight = Number(jobs?.n ?? 0) * MESSAGES_PER_REMINDER + Number(messages?.n ?? 0);
  const available = Math.max(0, Math.floor((options.pushBudget - used - inFlight) / MESSAGES_PER_REMINDER));
  return { budget: options.pushBudget, used, inFlight, available };
}

/**
 * Inserts the jobs, a batch of rows per statement. Each batch travels as one JSON parameter
 * of [id, storeId] pairs that the engine turns back into rows, building each job's key and
 * payload itself: thousands of jobs per statement, without thousands of bound parameters or
 * a query builder compiling every row. Returns how many were new: a key another planner
 * inserted first is left as it is.
 *
 * Each statement commits on its own. A plan cut short is finished by the next one (the keys
 * make that idempotent), and no write lock is held across awaits: on SQLite a transaction
 * spanning the batches would make a second planner's connection wait out its busy timeout.
 */
async function insertRemindJobs(db: Db, slot: ReminderSlot, storeIds: readonly string[], now: Date): Promise<number> {
  const pairs = idPairs(storeIds, now);
  let inserted = 0;
  for (let start = 0; start < pairs.length; start += INSERT_BATCH) {
    inserted += await insertRemindBatch(db, slot, JSON.stringify(pairs.slice(start, start + INSERT_BATCH)), now);
  }
  return inserted;
}

async function insertRemindBatch(db: Db, slot: ReminderSlot, pairs: string, now: Date): Promise<number> {
  const key = periodKey(slot.period);
  const at = now.toISOString();
  const storeId = jsonElement(1);
  // The period key is bound as text: PostgreSQL cannot tell a parameter's type inside json_build_object.
  const payload = jsonObjectText(db, [['storeId', storeId], ['periodKey', key], ['day', slot.day]]);
  // `where true` tells SQLite's parser that `on conflict` belongs to the insert, not to a join.
  const result = await sql`
    insert into jobs (id, kind, key, payload_json, state, attempts, max_attempts, run_at, created_at, updated_at)
    select ${jsonElement(0)}, ${REMIND_JOB_KIND}, ${remindKeySql(storeId, key, slot.day)}, ${payload},
           'pending', 0, ${sql.lit(REMIND_MAX_ATTEMPTS)}, ${at}, ${at}, ${at}
    from ${jsonArrayRows(db, pairs)} where true
    on conflict (key) do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * Each store paired with a fresh id, stores sorted (their keys differ only in the store id)
 * and ids ascending, so the unique indexes on key and id fill in order rather than at
 * random pages. The one order also keeps two planners of a slot from deadlocking on
 * PostgreSQL: both insert the keys they share in the same order, so neither can hold a key
 * the other is waiting for while waiting for one the other holds.
 */
function idPairs(storeIds: readonly string[], now: Date): [string, string][] {
  const ids = ascendingIds(storeIds.length, now);
  return [...storeIds].sort(compareText).map((storeId, i) => [ids[i] as string, storeId]);
}

/**
 * `count` fresh ids in ascending order: UUIDs of version 7 (RFC 9562) that share this
 * moment's timestamp, count up from a random start (the RFC's counter method) and end in 48
 * random bits. Unlike random UUIDs they need no sorting, and they go into the id index at
 * one place instead of all over it: with 100,000 earlier reminders that made planning a
 * slot on SQLite about a tenth faster here.
 */
function ascendingIds(count: number, now: Date): string[] {
  const time = now.getTime().toString(16).padStart(12, '0');
  const random = randomBytes(count * 6);
  // The counter has 24 bits (3 hex digits in rand_a, 3 after the variant digit): start low enough not to overflow.
  const start = randomInt(2 ** 24 - count);
  return Array.from({ length: count }, (_, i) => {
    const counter = (start + i).toString(16).padStart(6, '0');
    return `${time.slice(0, 8)}-${time.slice(8)}-7${counter.slice(0, 3)}-8${counter.slice(3)}-${random.toString('hex', i * 6, i * 6 + 6)}`;
  });
}

function logSkipped(log: Logger, slot: ReminderSlot, room: PushRoom, skipped: readonly string[]): void {
  const { budget, used, inFlight, available } = room;
  log.warn(
    { slot: slot.key, pushBudget: budget, pushesUsed: used, pushesInFlight: inFlight, reminded: available, skipped: skipped.length },
    'reminder slot: push budget cannot cover every store; the rest are skipped (raise PUSH_BUDGET or the LINE plan to remind them all)',
  );
  for (let start = 0; start < skipped.length; start += LOGGED_IDS_PER_LINE) {
    const storeIds = skipped.slice(start, start + LOGGED_IDS_PER_LINE);
    log.warn({ slot: slot.key, from: start, storeIds }, 'reminder slot: stores skipped for the push budget');
  }
}

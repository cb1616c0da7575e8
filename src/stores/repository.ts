import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, PeriodRange, PeriodState, RangeOutcome, Store, StorePeriod } from '../db/schema.ts';
import type { InvoiceType } from '../invoice/invoice-type.ts';
import { sameRange, type InvoiceRange } from '../invoice/range.ts';
import { changesNothing, isOnPlatform, planCorrection, rangeOfRow, type CorrectionPlan } from './correction.ts';

/** Repository functions take the database (or a transaction) first, Kysely-example style. */
type Executor = Kysely<Database> | Transaction<Database>;

export async function ensureOwner(db: Executor, lineUserId: string, now: Date, following = true): Promise<void> {
  await db
    .insertInto('owners')
    .values({ line_user_id: lineUserId, display_name: null, following: following ? 1 : 0, created_at: now.toISOString(), updated_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('line_user_id').doUpdateSet({ following: following ? 1 : 0, updated_at: now.toISOString() }))
    .execute();
}

export interface NewStoreDetails {
  readonly ownerLineUserId: string;
  readonly ubn: string;
  readonly branchUbn: string;
  readonly invoiceType: InvoiceType;
  readonly displayName: string;
}

/** Creates the store, or returns the owner's existing one with the same 統編 and branch. */
export async function createStore(db: Executor, details: NewStoreDetails, now: Date): Promise<Store> {
  const existing = await db
    .selectFrom('stores')
    .selectAll()
    .where('owner_line_user_id', '=', details.ownerLineUserId)
    .where('ubn', '=', details.ubn)
    .where('branch_ubn', '=', details.branchUbn)
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable('stores')
      .set({ display_name: details.displayName, invoice_type: details.invoiceType, updated_at: now.toISOString() })
      .where('id', '=', existing.id)
      .execute();
    return { ...existing, display_name: details.displayName, invoice_type: details.invoiceType };
  }
  const store = {
    id: randomUUID(),
    owner_line_user_id: details.ownerLineUserId,
    ubn: details.ubn,
    branch_ubn: details.branchUbn,
    invoice_type: details.invoiceType,
    display_name: details.displayName,
    sealed_credentials: null,
    credentials_updated_at: null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  await db.insertInto('stores').values(store).execute();
  return store;
}

export async function storesOf(db: Executor, lineUserId: string): Promise<Store[]> {
  return db.selectFrom('stores').selectAll().where('owner_line_user_id', '=', lineUserId).orderBy('created_at').execute();
}

export async function storeById(db: Executor, storeId: string): Promise<Store | undefined> {
  return db.selectFrom('stores').selectAll().where('id', '=', storeId).executeTakeFirst();
}

export async function saveSealedCredentials(db: Executor, storeId: string, sealed: string, now: Date): Promise<void> {
  await db
    .updateTable('stores')
    .set({ sealed_credentials: sealed, credentials_updated_at: now.toISOString(), updated_at: now.toISOString() })
    .where('id', '=', storeId)
    .execute();
}

export async function updateStoreDetails(
  db: Executor,
  storeId: string,
  changes: Partial<{ displayName: string; invoiceType: InvoiceType }>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('stores')
    .set({
      ...(changes.displayName ? { display_name: changes.displayName } : {}),
      ...(changes.invoiceType ? { invoice_type: changes.invoiceType } : {}),
      updated_at: now.toISOString(),
    })
    .where('id', '=', storeId)
    .execute();
}

export async function storePeriod(db: Executor, storeId: string, periodKey: string): Promise<StorePeriod | undefined> {
  return db.selectFrom('store_periods').selectAll().where('store_id', '=', storeId).where('period_key', '=', periodKey).executeTakeFirst();
}

/** The store's period row, created as pending on first use. */
export async function ensureStorePeriod(db: Executor, storeId: string, periodKey: string, now: Date): Promise<StorePeriod> {
  await db
    .insertInto('store_periods')
    .values({
      id: randomUUID(),
      store_id: storeId,
      period_key: periodKey,
      state: 'pending',
      queued_at: null,
      submitted_at: null,
      confirmed_at: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .onConflict((conflict) => conflict.columns(['store_id', 'period_key']).doNothing())
    .execute();
  return (await storePeriod(db, storeId, periodKey)) as StorePeriod;
}

export async function setPeriodState(db: Executor, storePeriodId: string, state: PeriodState, now: Date): Promise<void> {
  const at = now.toISOString();
  await db
    .updateTable('store_periods')
    .set({
      state,
      updated_at: at,
      ...(state === 'queued' ? { queued_at: at } : {}),
      ...(state === 'submitted' ? { submitted_at: at } : {}),
      ...(state === 'confirmed' ? { confirmed_at: at } : {}),
    })
    .where('id', '=', storePeriodId)
    .execute();
}

/** Replaces the ranges waiting to be submitted; ranges already on the platform are kept. */
export async function replaceQueuedRanges(db: Transaction<Database>, storePeriodId: string, ranges: readonly InvoiceRange[], now: Date): Promise<void> {
  await dropUnsent(db, storePeriodId);
  const rows = await rangesOf(db, storePeriodId);
  // A range with the start of one already on the platform is that one, sent before.
  const fresh = ranges.filter((range) => !rows.some((row) => isOnPlatform(row.outcome) && row.track === range.track && row.start_no === range.start));
  await wantRanges(db, storePeriodId, fresh, rows, now);
}

/**
 * The owner's new complete list, arrived while a job is saving this period: kept until the job
 * has the platform's answer, then applied as a correction (see the submission job).
 */
export async function deferEdit(db: Transaction<Database>, storePeriodId: string, ranges: readonly InvoiceRange[], now: Date): Promise<void> {
  const list = ranges.map((range) => [range.track, range.start, range.end]);
  await db.updateTable('store_periods').set({ pending_edit_json: JSON.stringify(list), updated_at: now.toISOString() }).where('id', '=', storePeriodId).execute();
}

/** The period's ranges on the platform as far as we know (saved, already listed or listed). */
export async function uploadedRangesOf(db: Executor, storePeriodId: string): Promise<PeriodRange[]> {
  return (await rangesOf(db, storePeriodId)).filter((row) => isOnPlatform(row.outcome));
}

/**
 * Makes `wanted` the period's complete list of ranges: rows on the platform that are not wanted
 * wait to be deleted ('remove_queued'), wanted ones not there wait to be added ('queued'), and
 * the rest stay as they are. Ranges never accepted (queued, refused) are superseded. Returns the
 * changes; when there are none, nothing is written.
 */
export async function applyCorrection(db: Transaction<Database>, storePeriodId: string, wanted: readonly InvoiceRange[], now: Date): Promise<CorrectionPlan> {
  const there = (await rangesOf(db, storePeriodId)).filter((row) => isOnPlatform(row.outcome) || row.outcome === 'remove_queued');
  const plan = planCorrection(there.map(rangeOfRow), wanted);
  if (changesNothing(plan)) return plan;
  await dropUnsent(db, storePeriodId);
  const rows = await rangesOf(db, storePeriodId);
  for (const range of plan.remove) {
    const row = rows.find((candidate) => sameRange(rangeOfRow(candidate), range));
    if (row && row.outcome !== 'remove_queued') await setOutcome(db, row.id, 'remove_queued', now);
  }
  await wantRanges(db, storePeriodId, [...plan.keep, ...plan.add], rows, now);
  return plan;
}

async function dropUnsent(db: Transaction<Database>, storePeriodId: string): Promise<void> {
  await db.deleteFrom('period_ranges').where('store_period_id', '=', storePeriodId).where('outcome', 'in', ['queued', 'refused']).execute();
}

/**
 * Each range becomes wanted: a new row waits to be added; a row waiting to be deleted stays
 * (back to what it was: saved_at is set only while a saved row is not yet listed); a removed one
 * waits to be added again.
 */
async function wantRanges(db: Transaction<Database>, storePeriodId: string, ranges: readonly InvoiceRange[], rows: readonly PeriodRange[], now: Date): Promise<void> {
  const fresh: InvoiceRange[] = [];
  for (const range of ranges) {
    const row = rows.find((candidate) => sameRange(rangeOfRow(candidate), range));
    if (!row) fresh.push(range);
    else if (row.outcome === 'remove_queued') await setOutcome(db, row.id, row.saved_at ? 'saved' : 'listed', now);
    else if (row.outcome === 'removed') await setOutcome(db, row.id, 'queued', now, { saved_at: null, outcome_message: null });
  }
  if (fresh.length === 0) return;
  await db
    .insertInto('period_ranges')
    .values(
      fresh.map((range) => ({
        id: randomUUID(),
        store_period_id: storePeriodId,
        track: range.track,
        start_no: range.start,
        end_no: range.end,
        outcome: 'queued' as const,
        outcome_message: null,
        saved_at: null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })),
    )
    .execute();
}

async function setOutcome(db: Executor, rowId: string, outcome: RangeOutcome, now: Date, also: Partial<Pick<PeriodRange, 'saved_at' | 'outcome_message'>> = {}): Promise<void> {
  await db.updateTable('period_ranges').set({ outcome, ...also, updated_at: now.toISOString() }).where('id', '=', rowId).execute();
}

export async function rangesOf(db: Executor, storePeriodId: string): Promise<PeriodRange[]> {
  return db.selectFrom('period_ranges').selectAll().where('store_period_id', '=', storePeriodId).orderBy('track').orderBy('start_no').execute();
}

/** The owner's stores with their most recent periods, newest first. */
export async function recentPeriodsOf(db: Executor, storeId: string, limit = 3): Promise<StorePeriod[]> {
  return db.selectFrom('store_periods').selectAll().where('store_id', '=', storeId).orderBy('period_key', 'desc').limit(limit).execute();
}

import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, PeriodState, Store, StorePeriod, PeriodRange } from '../db/schema.ts';
import type { InvoiceType } from '../invoice/invoice-type.ts';
import type { InvoiceRange } from '../invoice/range.ts';

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
  await db.deleteFrom('period_ranges').where('store_period_id', '=', storePeriodId).where('outcome', 'in', ['queued', 'refused']).execute();
  const kept = await rangesOf(db, storePeriodId);
  const fresh = ranges.filter((range) => !kept.some((row) => row.track === range.track && row.start_no === range.start));
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
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })),
    )
    .execute();
}

export async function rangesOf(db: Executor, storePeriodId: string): Promise<PeriodRange[]> {
  return db.selectFrom('period_ranges').selectAll().where('store_period_id', '=', storePeriodId).orderBy('track').orderBy('start_no').execute();
}

/** The owner's stores with their most recent periods, newest first. */
export async function recentPeriodsOf(db: Executor, storeId: string, limit = 3): Promise<StorePeriod[]> {
  return db.selectFrom('store_periods').selectAll().where('store_id', '=', storeId).orderBy('period_key', 'desc').limit(limit).execute();
}

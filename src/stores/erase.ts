// Forgetting an owner (「刪除我的資料」, or RETENTION_AFTER_UNFOLLOW after they left) or one of their
// stores (「刪除這家店」): our copy of the platform password, the numbers, the chat, the images, and
// every trace of them in the queues. What was uploaded stays on the Ministry's platform: only our
// copy goes. And what an unfollow stops at once: the owner's jobs, captchas, reminders and pushes.
//
// Running jobs are stopped by their row: a cancelled (or scrubbed) job fails every fenced update of
// its worker (see jobs/queue.ts), its captcha is no longer shown (captcha-requests.ts closes the
// requests of a job that is not running, in the transaction that would show one) and the platform
// jobs check their lease before asking for a captcha and before saving (jobs/handlers/owner-guard.ts).
import { createHash } from 'node:crypto';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { dialectOf, tryQueueTurn } from '../db/dialect.ts';
import type { Database, Store } from '../db/schema.ts';
import { lockOwnersLine } from '../jobs/captcha-requests.ts';
import { jobPurpose } from '../jobs/captcha-reply.ts';
import { periodPurpose } from '../jobs/held-replies.ts';
import { PROMPT_JOB_KIND, WARNING_JOB_KIND } from '../jobs/proof-prompts.ts';
import { REMIND_JOB_KIND } from '../jobs/reminders.ts';
import { movePeriod } from './period-status.ts';
import { storeById, storesOf, uploadedRangesOf } from './repository.ts';

type Trx = Transaction<Database>;

/** What push_log keeps instead of an erased owner's LINE user id: the pushes still count for billing. */
export const ERASED_OWNER = 'erased';

const OPEN_JOB_STATES = ['pending', 'running'] as const;
/** Job kinds whose key starts with the store or period they work on. */
const KEYED_KINDS = ['submit', 'verify', PROMPT_JOB_KIND, WARNING_JOB_KIND, REMIND_JOB_KIND] as const;
const OPEN_CAPTCHA_STATUSES = ['queued', 'waiting', 'refreshing'] as const;
const IDLE_STATE_JSON = JSON.stringify({ step: 'idle' });
// Links to our own pages in queued and sent messages (web/images.ts, web/full-lists.ts): only the token's hash is stored.
const IMAGE_LINK = /\/images\/([A-Za-z0-9_-]{16,64})\.png/g;
const LIST_LINK = /\/lists\/([A-Za-z0-9_-]{32})/g;

/**
 * Erases everything of one owner, in the caller's transaction: their stores (and credentials,
 * periods, ranges, platform sessions), jobs, captcha requests, held replies, credential forms,
 * images, full lists, messages, inbox events, outbox lane lease, conversation and owner row.
 * push_log rows stay for billing with the LINE user id replaced. Inside the owner's own event, that
 * event's inbox row goes too.
 */
export async function eraseOwner(trx: Trx, lineUserId: string, now: Date): Promise<void> {
  await lockOwnersLine(trx, lineUserId);
  // The owner's messages, events and conversation go whole below: only each store's own rows here.
  for (const store of await storesOf(trx, lineUserId)) await eraseStoreRows(trx, store, now);
  await retireJobs(trx, [lineUserId], now);
  await trx.deleteFrom('captcha_requests').where('line_user_id', '=', lineUserId).execute();
  await trx.deleteFrom('held_replies').where('line_user_id', '=', lineUserId).execute();
  await trx.deleteFrom('credential_forms').where('line_user_id', '=', lineUserId).execute();
  await trx.deleteFrom('images').where('line_user_id', '=', lineUserId).execute();
  await trx.deleteFrom('full_lists').where('line_user_id', '=', lineUserId).execute();
  await trx.deleteFrom('outbox').where('line_user_id', '=', lineUserId).execute();
  await anonymisePushes(trx, lineUserId);
  await trx.deleteFrom('lane_leases').where('lane', '=', `outbox:${lineUserId}`).execute();
  // Events of a group or room have no owner of their own but may name them.
  await trx
    .deleteFrom('webhook_inbox')
    .where((eb) => eb.or([eb('line_user_id', '=', lineUserId), eb.and([eb('line_user_id', 'is', null), mentionsAny(eb, 'payload_json', [lineUserId])])]))
    .execute();
  await trx.deleteFrom('conversations').where('line_user_id', '=', lineUserId).execute();
  await trx.deleteFrom('owners').where('line_user_id', '=', lineUserId).execute();
}

/**
 * Erases one store, in the caller's transaction: the store with its credentials, periods, ranges,
 * platform session and credential forms; its jobs (cancelled), their captcha requests and held
 * replies; the messages about it (with their images and full lists) and the events that named it.
 * The owner and their other stores stay. False when there was no such store.
 */
export async function eraseStore(trx: Trx, storeId: string, now: Date): Promise<boolean> {
  const store = await storeById(trx, storeId);
  if (!store) return false;
  await lockOwnersLine(trx, store.owner_line_user_id);
  const { ids, jobIds } = await eraseStoreRows(trx, store, now);
  await eraseMessagesAbout(trx, store, [...ids, ...jobIds]);
  await trx
    .deleteFrom('webhook_inbox')
    .where('line_user_id', '=', store.owner_line_user_id)
    .where((eb) => mentionsAny(eb, 'payload_json', ids))
    .execute();
  await trx
    .updateTable('conversations')
    .set({ state_json: IDLE_STATE_JSON, updated_at: now.toISOString() })
    .where('line_user_id', '=', store.owner_line_user_id)
    .where((eb) => mentionsAny(eb, 'state_json', ids))
    .execute();
  return true;
}

/**
 * The retention sweep: erases every owner who unfollowed more than `graceMs` ago and has not come
 * back, each in a transaction of their own that holds the owner's inbox turn (an owner whose
 * follow event is waiting is not erased). Returns how many were erased; an owner whose erasure
 * failed is tried again on the next sweep, and the failures are thrown together after the rest.
 */
export async function eraseUnfollowedOwners(db: Kysely<Database>, now: Date, graceMs: number): Promise<number> {
  const cutoff = new Date(now.getTime() - graceMs).toISOString();
  const due = await db.selectFrom('owners').select('line_user_id').where('following', '=', 0).where('unfollowed_at', '<=', cutoff).orderBy('unfollowed_at').execute();
  let erased = 0;
  const failures: unknown[] = [];
  for (const { line_user_id: lineUserId } of due) {
    try {
      if (await eraseIfStillGone(db, lineUserId, cutoff, now)) erased += 1;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `erasing ${failures.length} of ${due.length} unfollowed owners failed`);
  return erased;
}

async function eraseIfStillGone(db: Kysely<Database>, lineUserId: string, cutoff: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await tryQueueTurn(trx, `inbox:${lineUserId}`))) return false;
    await lockOwnersLine(trx, lineUserId);
    const gone = await trx
      .selectFrom('owners')
      .select('line_user_id')
      .where('line_user_id', '=', lineUserId)
      .where('following', '=', 0)
      .where('unfollowed_at', '<=', cutoff)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('webhook_inbox').select('webhook_event_id').where('line_user_id', '=', lineUserId).where('status', '=', 'pending'))),
      )
      .executeTakeFirst();
    if (!gone) return false;
    await eraseOwner(trx, lineUserId, now);
    return true;
  });
}

/**
 * The owner unfollowed or blocked the bot (their owner row already says so): nothing more goes to
 * them. Their waiting and queued jobs are cancelled (a submission already saving on the platform
 * finishes, so its result is recorded, and says nothing), their captchas closed, held reply tokens
 * dropped and messages not yet sent skipped. An upload cancelled here waits for the owner as one
 * they cancelled. Their data stays until eraseUnfollowedOwners, unless they come back.
 */
export async function standDownOwner(trx: Trx, lineUserId: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await trx.updateTable('owners').set({ unfollowed_at: at }).where('line_user_id', '=', lineUserId).execute();
  const storeIds = (await storesOf(trx, lineUserId)).map((store) => store.id);
  const periodIds = await periodIdsOf(trx, storeIds);
  const open = await lockOpenJobs(trx, [...storeIds, ...periodIds]);
  // Read after the lock: a submission that started saving before it is left to finish.
  const saving = new Set(await savingJobIds(trx, periodIds));
  for (const batch of batches(open.filter((id) => !saving.has(id)))) {
    await trx
      .updateTable('jobs')
      .set({ state: 'cancelled', locked_by: null, locked_until: null, updated_at: at, finished_at: at })
      .where('id', 'in', batch)
      .where('state', 'in', [...OPEN_JOB_STATES])
      .execute();
  }
  await trx
    .updateTable('captcha_requests')
    .set({ status: 'cancelled', answered_at: at })
    .where('line_user_id', '=', lineUserId)
    .where('status', 'in', [...OPEN_CAPTCHA_STATUSES])
    .execute();
  await trx.updateTable('held_replies').set({ status: 'released' }).where('line_user_id', '=', lineUserId).where('status', '=', 'held').execute();
  await trx
    .updateTable('outbox')
    .set({ status: 'skipped', delivered_by: 'unfollowed', sent_at: at })
    .where('line_user_id', '=', lineUserId)
    .where('status', '=', 'pending')
    .execute();
  await flagCancelledUploads(trx, periodIds, now);
}

/** Whether an upload or a check of one of these stores is queued or running (deleting stops it). */
export async function uploadsInProgress(db: Kysely<Database> | Trx, storeIds: readonly string[]): Promise<boolean> {
  if (storeIds.length === 0) return false;
  const periodIds = (await db.selectFrom('store_periods').select('id').where('store_id', 'in', [...storeIds]).execute()).map((row) => row.id);
  if (periodIds.length === 0) return false;
  const open = await db
    .selectFrom('jobs')
    .select('id')
    .where('kind', 'in', ['submit', 'verify'])
    .where('state', 'in', [...OPEN_JOB_STATES])
    .where((eb) => mentionsAny(eb, 'key', periodIds))
    .executeTakeFirst();
  return open !== undefined;
}

/** The owner follows again: their data is no longer due for erasure. */
export async function ownerCameBack(trx: Trx, lineUserId: string): Promise<void> {
  await trx.updateTable('owners').set({ unfollowed_at: null }).where('line_user_id', '=', lineUserId).where('unfollowed_at', 'is not', null).execute();
}

/**
 * The store's own rows (with its credentials, periods, ranges, platform session and credential
 * forms) and its jobs' (cancelled), captcha requests and held replies. Returns the ids that named it.
 */
async function eraseStoreRows(trx: Trx, store: Store, now: Date): Promise<{ ids: string[]; jobIds: string[] }> {
  const periodIds = await periodIdsOf(trx, [store.id]);
  const ids = [store.id, ...periodIds];
  const jobIds = await retireJobs(trx, ids, now);
  for (const batch of batches(jobIds)) await trx.deleteFrom('captcha_requests').where('job_id', 'in', batch).execute();
  for (const batch of batches([...periodIds.map(periodPurpose), ...jobIds.map(jobPurpose)])) await trx.deleteFrom('held_replies').where('purpose', 'in', batch).execute();
  await trx.deleteFrom('credential_forms').where('store_id', '=', store.id).execute();
  await trx.deleteFrom('platform_sessions').where('store_id', '=', store.id).execute();
  for (const batch of batches(periodIds)) await trx.deleteFrom('period_ranges').where('store_period_id', 'in', batch).execute();
  await trx.deleteFrom('store_periods').where('store_id', '=', store.id).execute();
  await trx.deleteFrom('stores').where('id', '=', store.id).execute();
  return { ids, jobIds };
}

/**
 * The jobs that name any of these ids: open ones are cancelled and kept with nothing left of what
 * they were (their row fences their worker); finished ones are deleted. Returns the ids of them all.
 */
async function retireJobs(trx: Trx, ids: readonly string[], now: Date): Promise<string[]> {
  const open = await openJobsNaming(trx, ids);
  const finished = await finishedJobsKeyedBy(trx, ids);
  const at = now.toISOString();
  for (const batch of batches(open)) {
    await trx
      .updateTable('jobs')
      .set({
        state: 'cancelled',
        key: sql<string>`${'erased:'} || ${sql.ref('id')}`,
        payload_json: '{}',
        last_error: null,
        locked_by: null,
        locked_until: null,
        updated_at: at,
        finished_at: at,
      })
      .where('id', 'in', batch)
      .where('state', 'in', [...OPEN_JOB_STATES])
      .execute();
    // One that finished meanwhile was not scrubbed: it goes with the finished ones.
    await trx.deleteFrom('jobs').where('id', 'in', batch).where('payload_json', '!=', '{}').execute();
  }
  for (const batch of batches(finished)) await trx.deleteFrom('jobs').where('id', 'in', batch).where('state', 'not in', [...OPEN_JOB_STATES]).execute();
  return [...new Set([...open, ...finished])];
}

/** Open jobs (few, by the state index) naming an id anywhere: payload, key or last error. */
async function openJobsNaming(trx: Trx, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom('jobs')
    .select('id')
    .where('state', 'in', [...OPEN_JOB_STATES])
    .where((eb) => eb.or([mentionsAny(eb, 'payload_json', ids), mentionsAny(eb, 'key', ids), mentionsAny(eb, 'last_error', ids)]))
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Finished jobs of a store or period, by their keys (`<kind>:<id>` or `<kind>:<id>:…`, see
 * submissions.ts, proof-prompts.ts, reminders.ts): ranges of the unique key index, since the
 * finished jobs are many and their payloads are not indexed.
 */
async function finishedJobsKeyedBy(trx: Trx, ids: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const id of ids) {
    const rows = await trx
      .selectFrom('jobs')
      .select(['id', 'state'])
      .where((eb) =>
        eb.or(
          KEYED_KINDS.flatMap((kind) => [
            eb('key', '=', `${kind}:${id}`),
            eb.and([eb('key', '>=', `${kind}:${id}:`), eb('key', '<', `${kind}:${id};`)]),
          ]),
        ),
      )
      .execute();
    found.push(...rows.filter((row) => !(OPEN_JOB_STATES as readonly string[]).includes(row.state)).map((row) => row.id));
  }
  return found;
}

function batches<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/**
 * The owner's messages about the store (naming it, its periods or its jobs), queued or sent, and
 * the images and full lists they link to. Pushes already made keep counting in push_log, under
 * the kind of message only.
 */
async function eraseMessagesAbout(trx: Trx, store: Store, ids: readonly string[]): Promise<void> {
  const owner = store.owner_line_user_id;
  const names = await namesOnlyThisStoreHas(trx, store);
  const about = (eb: ExpressionBuilder<Database, 'outbox'>) => eb.or([mentionsAny(eb, 'purpose', ids), mentionsAny(eb, 'messages_json', [...ids, ...names])]);
  const rows = await trx.selectFrom('outbox').select(['id', 'messages_json']).where('line_user_id', '=', owner).where(about).execute();
  const images = rows.flatMap((row) => tokenHashes(row.messages_json, IMAGE_LINK));
  const lists = rows.flatMap((row) => tokenHashes(row.messages_json, LIST_LINK));
  for (const batch of batches(images)) await trx.deleteFrom('images').where('token_hash', 'in', batch).execute();
  for (const batch of batches(lists)) await trx.deleteFrom('full_lists').where('token_hash', 'in', batch).execute();
  for (const batch of batches(rows.map((row) => row.id))) await trx.deleteFrom('outbox').where('id', 'in', batch).execute();
  const pushes = await trx.selectFrom('push_log').select('purpose').distinct().where('line_user_id', '=', owner).where((eb) => mentionsAny(eb, 'purpose', ids)).execute();
  for (const { purpose } of pushes) {
    await trx.updateTable('push_log').set({ purpose: kindOf(purpose) }).where('line_user_id', '=', owner).where('purpose', '=', purpose).execute();
  }
}

/** The store's name as messages quote it (「小林咖啡」, 【小林咖啡】), unless another store of the owner has the same name. */
async function namesOnlyThisStoreHas(trx: Trx, store: Store): Promise<string[]> {
  const twin = await trx
    .selectFrom('stores')
    .select('id')
    .where('owner_line_user_id', '=', store.owner_line_user_id)
    .where('display_name', '=', store.display_name)
    .where('id', '!=', store.id)
    .executeTakeFirst();
  return twin ? [] : [`「${store.display_name}」`, `【${store.display_name}】`];
}

/** push_log keeps what billing needs: the month, the kind of push, how many. */
async function anonymisePushes(trx: Trx, lineUserId: string): Promise<void> {
  const pushes = await trx.selectFrom('push_log').select('purpose').distinct().where('line_user_id', '=', lineUserId).execute();
  for (const { purpose } of pushes) {
    await trx
      .updateTable('push_log')
      .set({ line_user_id: ERASED_OWNER, purpose: kindOf(purpose) })
      .where('line_user_id', '=', lineUserId)
      .where('purpose', '=', purpose)
      .execute();
  }
}

/** The first part of a purpose (`remind`, `captcha`, `conversation`, …): what billedPushes counts by kind. */
function kindOf(purpose: string): string {
  return purpose.split(':')[0] ?? purpose;
}

function tokenHashes(text: string, link: RegExp): string[] {
  return [...text.matchAll(link)].map((match) => createHash('sha256').update(match[1] as string).digest('hex'));
}

async function periodIdsOf(trx: Trx, storeIds: readonly string[]): Promise<string[]> {
  if (storeIds.length === 0) return [];
  return (await trx.selectFrom('store_periods').select('id').where('store_id', 'in', [...storeIds]).execute()).map((row) => row.id);
}

/**
 * The open jobs naming any of these ids, locked on PostgreSQL until the transaction ends: a
 * submission marking itself as saving (which locks its job row first) either did so before, and
 * is seen saving, or waits and then finds itself cancelled.
 */
async function lockOpenJobs(trx: Trx, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const query = trx
    .selectFrom('jobs')
    .select('id')
    .where('state', 'in', [...OPEN_JOB_STATES])
    .where((eb) => eb.or([mentionsAny(eb, 'payload_json', ids), mentionsAny(eb, 'key', ids)]));
  const rows = await (dialectOf(trx) === 'postgres' ? query.forUpdate() : query).execute();
  return rows.map((row) => row.id);
}

async function savingJobIds(trx: Trx, periodIds: readonly string[]): Promise<string[]> {
  if (periodIds.length === 0) return [];
  const rows = await trx.selectFrom('store_periods').select('saving_job_id').where('id', 'in', [...periodIds]).where('saving_job_id', 'is not', null).execute();
  return rows.map((row) => row.saving_job_id as string);
}

/** Uploads left queued with no job (not saving): they wait for the owner's 再試一次, as after their 取消 at the captcha. */
async function flagCancelledUploads(trx: Trx, periodIds: readonly string[], now: Date): Promise<void> {
  if (periodIds.length === 0) return;
  const queued = await trx.selectFrom('store_periods').select('id').where('id', 'in', [...periodIds]).where('state', '=', 'queued').where('saving_job_id', 'is', null).execute();
  for (const { id } of queued) {
    const back = (await uploadedRangesOf(trx, id)).length > 0 ? 'submitted' : 'pending';
    await movePeriod(trx, id, { from: ['queued'], to: back, attention: { reason: 'captcha-cancelled' } }, now);
  }
}

/**
 * Whether a text column contains any of the values. LIKE with its wildcards escaped: our ids are
 * UUIDs and LINE user ids, but an id is matched as the text it is, never as a pattern.
 */
function mentionsAny<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, column: string, values: readonly string[]): Expression<SqlBool> {
  if (values.length === 0) return sql<SqlBool>`1 = 0`;
  return eb.or(values.map((value) => sql<SqlBool>`${sql.ref(column)} like ${`%${escapeLike(value)}%`} escape '!'`));
}

function escapeLike(value: string): string {
  return value.replace(/[!%_]/g, (char) => `!${char}`);
}

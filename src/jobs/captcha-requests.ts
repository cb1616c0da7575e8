import type { ExpressionBuilder, Kysely, Selectable, Transaction } from 'kysely';
import type { CaptchaRequestsTable, CaptchaStatus, Database } from '../db/schema.ts';

/** The owner's time to answer a shown image (renewed by 換一張). */
export const CAPTCHA_ANSWER_WINDOW_MS = 10 * 60_000;

type Executor = Kysely<Database> | Transaction<Database>;
export type CaptchaRequest = Selectable<CaptchaRequestsTable>;

/** Shown to the owner and not settled: the owner's turn is taken. */
export const SHOWN_STATUSES: readonly CaptchaStatus[] = ['waiting', 'refreshing'];
/** Not settled: in line or shown. */
const OPEN_STATUSES: readonly CaptchaStatus[] = ['queued', 'waiting', 'refreshing'];

/**
 * The request's job still runs (its solver still waits). A job that stopped (done, given back
 * for a retry, a worker that died) no longer waits: its request holds no place in line.
 */
function jobRuns(eb: ExpressionBuilder<Database & { r: CaptchaRequestsTable }, 'r'>) {
  return eb.not(eb.exists(eb.selectFrom('jobs').select('jobs.id').whereRef('jobs.id', '=', 'r.job_id').where('jobs.state', '!=', 'running')));
}

export async function captchaRequest(db: Executor, id: string): Promise<CaptchaRequest> {
  return db.selectFrom('captcha_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The request the owner is looking at (one at a time), if its 10 minutes are not over and its job still waits. */
export async function shownCaptcha(db: Executor, lineUserId: string, now: Date): Promise<CaptchaRequest | undefined> {
  return db
    .selectFrom('captcha_requests as r')
    .selectAll('r')
    .where('r.line_user_id', '=', lineUserId)
    .where('r.status', 'in', SHOWN_STATUSES)
    .where('r.expires_at', '>', now.toISOString())
    .where(jobRuns)
    .orderBy('r.asked_at')
    .executeTakeFirst();
}

/** The owner's next request in line, if one waits (for telling the owner another image is coming). */
export async function nextInLine(db: Executor, lineUserId: string): Promise<CaptchaRequest | undefined> {
  return db
    .selectFrom('captcha_requests as r')
    .selectAll('r')
    .where('r.line_user_id', '=', lineUserId)
    .where('r.status', '=', 'queued')
    .where(jobRuns)
    .orderBy('r.place')
    .orderBy('r.id')
    .executeTakeFirst();
}

/**
 * A new request at the end of the owner's line. Whatever the same job left open before (a run
 * that crashed, a login done again) is closed first: a job waits for one answer at a time.
 */
export async function queueCaptcha(
  trx: Transaction<Database>,
  request: { id: string; lineUserId: string; jobId: string; attempt: number; storeName: string; periodLabel: string },
  now: Date,
): Promise<void> {
  await trx.updateTable('captcha_requests').set({ status: 'expired' }).where('job_id', '=', request.jobId).where('status', 'in', OPEN_STATUSES).execute();
  await lockOwnersLine(trx, request.lineUserId);
  const last = await trx
    .selectFrom('captcha_requests')
    .select((eb) => eb.fn.max('place').as('place'))
    .where('line_user_id', '=', request.lineUserId)
    .executeTakeFirst();
  await trx
    .insertInto('captcha_requests')
    .values({
      id: request.id,
      line_user_id: request.lineUserId,
      job_id: request.jobId,
      attempt: request.attempt,
      status: 'queued',
      answer: null,
      store_name: request.storeName,
      period_label: request.periodLabel,
      place: Number(last?.place ?? 0) + 1,
      queued_at: now.toISOString(),
      asked_at: null,
      expires_at: null,
      answered_at: null,
    })
    .execute();
}

/**
 * Whether this queued request is next: nothing shown to the owner (within its 10 minutes) and
 * nothing ahead in line, counting only requests whose job still waits.
 */
export async function isNextInLine(db: Executor, request: CaptchaRequest, now: Date): Promise<boolean> {
  const blocker = await db
    .selectFrom('captcha_requests as r')
    .select('r.id')
    .where('r.line_user_id', '=', request.line_user_id)
    .where('r.id', '!=', request.id)
    .where((eb) =>
      eb.or([
        eb.and([eb('r.status', 'in', SHOWN_STATUSES), eb('r.expires_at', '>', now.toISOString())]),
        eb.and([eb('r.status', '=', 'queued'), eb.or([eb('r.place', '<', request.place), eb.and([eb('r.place', '=', request.place), eb('r.id', '<', request.id)])])]),
      ]),
    )
    .where(jobRuns)
    .executeTakeFirst();
  return blocker === undefined;
}

/**
 * Serializes the owner's line between workers: a no-op write on the owner's row, which
 * PostgreSQL holds locked until commit (SQLite runs one writer at a time anyway).
 */
export async function lockOwnersLine(trx: Transaction<Database>, lineUserId: string): Promise<void> {
  await trx
    .updateTable('owners')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('line_user_id', '=', lineUserId)
    .execute();
}

/** Closes what no longer holds the owner's line: shown requests past their 10 minutes, and requests whose job stopped. */
export async function closeStale(trx: Transaction<Database>, lineUserId: string, now: Date): Promise<void> {
  await trx
    .updateTable('captcha_requests')
    .set({ status: 'expired' })
    .where('line_user_id', '=', lineUserId)
    .where('status', 'in', SHOWN_STATUSES)
    .where('expires_at', '<=', now.toISOString())
    .execute();
  await trx
    .updateTable('captcha_requests')
    .set({ status: 'expired' })
    .where('line_user_id', '=', lineUserId)
    .where('status', 'in', OPEN_STATUSES)
    .where((eb) => eb.exists(eb.selectFrom('jobs').select('jobs.id').whereRef('jobs.id', '=', 'captcha_requests.job_id').where('jobs.state', '!=', 'running')))
    .execute();
}

/** Moves a request from one status to another; false when it was not in `from` any more. */
export async function moveCaptcha(
  db: Executor,
  id: string,
  from: readonly CaptchaStatus[],
  change: Partial<Pick<CaptchaRequest, 'status' | 'answer' | 'asked_at' | 'expires_at' | 'answered_at'>>,
): Promise<boolean> {
  const result = await db.updateTable('captcha_requests').set(change).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

import type { Kysely, Transaction } from 'kysely';
import type { AttentionReason, Database, PeriodRange } from '../../db/schema.ts';
import { formatCount } from '../../invoice/messages.ts';
import { formatOwnerLabel } from '../../invoice/period.ts';
import { formatRange, rangeCount, sameRange, type InvoiceRange } from '../../invoice/range.ts';
import type { LineMessage } from '../../line/line-api.ts';
import { enqueueMessages } from '../../line/outbox.ts';
import { PortalError, type RangeResult } from '../../portal/outcomes.ts';
import type { PortalSession, StoreIdentity } from '../../portal/session.ts';
import type { SavedPlatformSession } from '../../portal/driver.ts';
import { savePlatformSession } from '../../stores/platform-sessions.ts';
import { rangeOfRow } from '../../stores/correction.ts';
import { applyCorrection, rangesOf, uploadedRangesOf } from '../../stores/repository.ts';
import { changesNothing } from '../../stores/correction.ts';
import { flagPeriod, movePeriod } from '../../stores/period-status.ts';
import { dueLine } from '../../conversation/flows/deadline.ts';
import { plainRefusal } from '../copy/refusals.ts';
import { formatTaipei } from '../../invoice/taipei-time.ts';
import { correctionCopy, resultCopy } from '../copy/results.ts';
import { jobPurpose } from '../captcha-reply.ts';
import { answerOwner, periodPurpose } from '../held-replies.ts';
import type { ClaimedJob, Job } from '../queue.ts';
import { queueSubmission } from '../submissions.ts';
import { firstPromptAt, queueDeadlineWarning, queueProofPrompt } from '../proof-prompts.ts';
import type { JobHandler } from '../worker.ts';
import { ownerFollows, stillHeld } from './owner-guard.ts';
import { credentialsCard, periodButtons } from './result-messages.ts';
import { identityOf, platformLogin, loadStorePeriod, type JobRun, type PlatformJobDeps, type StorePeriodTarget } from './store-period.ts';

export interface SubmitDeps extends PlatformJobDeps {
  readonly verifyDelayMs: number;
  readonly maintenanceRetryMs?: number;
  readonly issueCredentialLink: (trx: Transaction<Database>, target: { storeId: string; lineUserId: string }) => Promise<string>;
}

/** Slack after VERIFY_DELAY before looking for a just-saved row to delete: "about 2 hours". */
const LISTING_MARGIN_MS = 5 * 60_000;
/** A row to delete that 查詢 still does not show this long after VERIFY_DELAY is taken to be gone. */
const LISTING_GRACE_MS = 30 * 60_000;

interface SubmitTarget extends StorePeriodTarget {
  /** The ranges waiting to be added. */
  readonly ranges: readonly PeriodRange[];
  /** The ranges a correction no longer wants: deleted first, as the platform refuses overlaps. */
  readonly removals: readonly PeriodRange[];
}

/** What a run did on the platform, kept even when the run then fails: deleted rows are gone for good. */
interface Progress {
  readonly gone: PeriodRange[];
}

/** What a run found, kept until the outcome is committed together with the owner's message. */
type Finding =
  | { kind: 'results'; target: SubmitTarget; results: RangeResult[]; session?: SavedPlatformSession }
  | { kind: 'not-listed-yet'; target: SubmitTarget; runAt: Date }
  | { kind: 'nothing-queued' }
  | { kind: 'no-credentials' | 'bad-credentials' | 'account-locked' | 'captcha'; target: SubmitTarget; detail?: string }
  | { kind: 'maintenance'; target: SubmitTarget; retryAt: Date };

/**
 * Submits a period's queued changes on the platform: unseal the credentials for
 * this job only, log in with the owner answering the captcha, delete the ranges a
 * correction removed, add the queued ones, record each range's outcome and tell
 * the owner — all committed with the job. A row to delete that 查詢 cannot list yet
 * (saved less than VERIFY_DELAY ago) postpones the whole run, before any login.
 */
export function submitHandler(deps: SubmitDeps): JobHandler {
  const findings = new Map<string, Finding>();
  const progress = new Map<string, Progress>();
  return {
    async run(ctx) {
      const done: Progress = { gone: [] };
      progress.set(ctx.job.id, done);
      const finding = await submit(deps, ctx.job, ctx, done);
      findings.set(ctx.job.id, finding);
      if (finding.kind === 'maintenance') return { kind: 'later', runAt: finding.retryAt, reason: 'platform maintenance' };
      if (finding.kind === 'not-listed-yet') return { kind: 'later', runAt: finding.runAt, reason: 'ranges to delete are not listed yet' };
      return { kind: 'done' };
    },
    async onSettled(trx, job, { outcome }) {
      const finding = findings.get(job.id);
      const done = progress.get(job.id);
      findings.delete(job.id);
      progress.delete(job.id);
      await endSaving(trx, job);
      if (done) await recordRemoved(trx, done.gone, deps.clock.now());
      if (finding && outcome.kind !== 'retry') await settle(deps, trx, job, finding);
      await applyDeferredEdit(deps, trx, job);
    },
    async onDead(trx, job) {
      await endSaving(trx, job);
      await tellGaveUp(deps, trx, job);
      await applyDeferredEdit(deps, trx, job);
    },
  };
}

async function loadTarget(db: Kysely<Database> | Transaction<Database>, payload: unknown): Promise<SubmitTarget | null> {
  const target = await loadStorePeriod(db, payload);
  if (!target) return null;
  const rows = await rangesOf(db, target.storePeriod.id);
  return { ...target, ranges: rows.filter((row) => row.outcome === 'queued'), removals: rows.filter((row) => row.outcome === 'remove_queued') };
}

async function submit(deps: SubmitDeps, job: ClaimedJob, run: JobRun, progress: Progress): Promise<Finding> {
  const target = await loadTarget(deps.db, job.payload);
  if (!target || (target.ranges.length === 0 && target.removals.length === 0)) return { kind: 'nothing-queued' };
  if (!target.store.sealed_credentials) return { kind: 'no-credentials', target };
  const listable = listableAt(target.removals, deps.verifyDelayMs);
  if (listable > deps.clock.now().getTime()) return { kind: 'not-listed-yet', target, runAt: new Date(listable + LISTING_MARGIN_MS) };
  const { credentials, solve } = platformLogin(deps, job, target, run);
  const identity = identityOf(target.store);
  try {
    return await deps.driver.withSession(async (session): Promise<Finding> => {
      await session.login(credentials, solve);
      // The owner may have changed the numbers while the captcha waited: file what they want now.
      const fresh = await beginSaving(deps.db, job, target);
      if (fresh.ranges.length === 0 && fresh.removals.length === 0) return { kind: 'nothing-queued' };
      const waitUntil = await deleteRemovals(deps, session, identity, fresh, progress);
      if (waitUntil) return { kind: 'not-listed-yet', target: fresh, runAt: waitUntil };
      const results = fresh.ranges.length > 0 ? await session.addBlankRanges(identity, fresh.period, fresh.ranges.map(rangeOfRow)) : [];
      // Kept (sealed) so the owner's 查看結果 may need no new login while the platform still accepts it.
      const saved = await session.savedSession().catch(() => undefined);
      return { kind: 'results', target: fresh, results: results.map((result) => earlierSave(result, job)), ...(saved ? { session: saved } : {}) };
    }, run.signal);
  } catch (error) {
    if (!(error instanceof PortalError)) throw error;
    return failureFinding(deps, target, error);
  }
}

/**
 * Reads the period's ranges again and marks this job as saving them, in one transaction: an
 * edit from the owner either lands before (and is what gets filed) or after (and waits for
 * this job's answer, see applyDeferredEdit) — never silently in between.
 */
async function beginSaving(db: Kysely<Database>, job: ClaimedJob, target: SubmitTarget): Promise<SubmitTarget> {
  return db.transaction().execute(async (trx) => {
    // A job cancelled meanwhile (the owner left, or deleted the store) saves nothing.
    if (!(await stillHeld(trx, job))) return { ...target, ranges: [], removals: [] };
    await trx.updateTable('store_periods').set({ saving_job_id: job.id }).where('id', '=', target.storePeriod.id).execute();
    return (await loadTarget(trx, job.payload)) ?? { ...target, ranges: [], removals: [] };
  });
}

/** When 查詢 can list every row to delete: VERIFY_DELAY after the last one was saved (0 when all are listed). */
function listableAt(removals: readonly PeriodRange[], verifyDelayMs: number): number {
  return Math.max(0, ...removals.map((row) => (row.saved_at ? new Date(row.saved_at).getTime() + verifyDelayMs : 0)));
}

/**
 * Deletes the rows a correction removed. A row 查詢 does not show is gone, unless it was saved so
 * recently that the platform may just be slow to list it: then nothing is added yet, and the
 * returned time says when to look again.
 */
async function deleteRemovals(deps: SubmitDeps, session: PortalSession, identity: StoreIdentity, target: SubmitTarget, progress: Progress): Promise<Date | null> {
  if (target.removals.length === 0) return null;
  const results = await session.deleteBlankRanges(identity, target.period, target.removals.map(rangeOfRow));
  const now = deps.clock.now().getTime();
  let waitUntil = 0;
  for (const row of target.removals) {
    const deleted = results.some((result) => result.status === 'deleted' && sameRange(result.range, rangeOfRow(row)));
    const givenUpAt = row.saved_at ? new Date(row.saved_at).getTime() + deps.verifyDelayMs + LISTING_GRACE_MS : 0;
    if (deleted || givenUpAt <= now) progress.gone.push(row);
    else waitUntil = Math.max(waitUntil, givenUpAt);
  }
  return waitUntil > 0 ? new Date(waitUntil) : null;
}

async function recordRemoved(trx: Transaction<Database>, rows: readonly PeriodRange[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .updateTable('period_ranges')
    .set({ outcome: 'removed', saved_at: null, updated_at: now.toISOString() })
    .where('id', 'in', rows.map((row) => row.id))
    .where('outcome', '=', 'remove_queued')
    .execute();
}

/**
 * On a later attempt, "already saved" from the platform most likely means our own
 * earlier attempt saved it before the worker died: count it as saved.
 */
function earlierSave(result: RangeResult, job: ClaimedJob): RangeResult {
  return result.status === 'refused' && result.duplicate && job.attempts > 1 ? { range: result.range, status: 'saved' } : result;
}

function failureFinding(deps: SubmitDeps, target: SubmitTarget, error: PortalError): Finding {
  switch (error.kind) {
    case 'bad-credentials':
      return { kind: 'bad-credentials', target, detail: error.platformMessage ?? '' };
    case 'account-locked':
      return { kind: 'account-locked', target };
    case 'captcha-unanswered':
    case 'captcha-rejected':
      return { kind: 'captcha', target };
    case 'captcha-cancelled':
      return { kind: 'captcha', target, detail: 'cancelled' };
    case 'maintenance':
      return { kind: 'maintenance', target, retryAt: new Date(deps.clock.now().getTime() + (deps.maintenanceRetryMs ?? 30 * 60_000)) };
    default:
      throw error; // timeouts, server errors, unexpected pages: retried with backoff
  }
}

async function settle(deps: SubmitDeps, trx: Transaction<Database>, job: ClaimedJob, finding: Finding): Promise<void> {
  if (finding.kind === 'nothing-queued') return;
  const { target } = finding;
  const owner = target.store.owner_line_user_id;
  const now = deps.clock.now();
  // As a reply when the owner's last tap for this job (the captcha answer, 確認上傳) still holds a token.
  const follows = await ownerFollows(trx, owner);
  // An owner who unfollowed while the job was saving hears nothing; the outcome is still recorded.
  const say = async (messages: LineMessage[], purpose: string): Promise<void> => {
    if (!follows) return;
    const heldFor = [jobPurpose(job.id), periodPurpose(target.storePeriod.id)];
    await answerOwner(trx, { lineUserId: owner, messages, outboxPurpose: `${purpose}:${job.id}`, heldFor }, now);
  };
  const link = () => deps.issueCredentialLink(trx, { storeId: target.store.id, lineUserId: owner });
  const period = formatOwnerLabel(target.period);
  const deadline = dueLine(target.period, now);
  switch (finding.kind) {
    case 'results':
      if (finding.session) await savePlatformSession(trx, deps.vault, target.store.id, finding.session, now);
      return recordResults(deps, trx, job, finding.target, finding.results, say);
    case 'not-listed-yet':
      return tellNotListedYet(trx, job, finding.target, finding.runAt, say);
    case 'no-credentials':
      await flagForOwner(trx, target, 'no-credentials', null, now);
      return say([credentialsCard(resultCopy.needsCredentials(target.store.display_name, period, deadline), await link())], 'needs-credentials');
    case 'bad-credentials':
      await flagForOwner(trx, target, 'bad-credentials', null, now);
      return say([credentialsCard(resultCopy.badCredentials(target.store.display_name, period, deadline), await link())], 'bad-credentials');
    case 'account-locked':
      await flagForOwner(trx, target, 'account-locked', null, now);
      return say([credentialsCard(resultCopy.accountLocked(target.store.display_name, period, deadline), await link())], 'account-locked');
    case 'captcha': {
      const cancelled = finding.detail === 'cancelled';
      await flagForOwner(trx, target, cancelled ? 'captcha-cancelled' : 'captcha-timeout', null, now);
      const text = cancelled ? resultCopy.captchaCancelled(target.store.display_name, period, deadline) : resultCopy.captchaTimeout(target.store.display_name, period, deadline);
      return say([periodButtons(text, target, [{ label: resultCopy.retryButton, action: 'retry' }])], 'captcha-stopped');
    }
    case 'maintenance':
      if (await alreadyTold(trx, `maintenance:${job.id}`)) return;
      return say([{ type: 'text', text: resultCopy.maintenance(target.store.display_name, formatTaipei(finding.retryAt, 'M/D HH:mm')) }], 'maintenance');
  }
}

/**
 * A failure leaves the period needing the owner, with the reason: reminders keep coming and
 * 狀態 shows the fix. Ranges already on the platform keep it 'submitted'.
 */
async function flagForOwner(trx: Transaction<Database>, target: StorePeriodTarget, reason: AttentionReason, detail: string | null, now: Date): Promise<void> {
  const back = (await uploadedRangesOf(trx, target.storePeriod.id)).length > 0 ? 'submitted' : 'pending';
  await movePeriod(trx, target.storePeriod.id, { from: ['queued'], to: back, attention: { reason, detail } }, now);
}

/** The job has the platform's answer (or gave up): an edit of the owner's may go ahead now. */
async function endSaving(trx: Transaction<Database>, job: Pick<Job, 'id'>): Promise<void> {
  await trx.updateTable('store_periods').set({ saving_job_id: null }).where('saving_job_id', '=', job.id).execute();
}

/**
 * The owner sent a new list while this job was saving: now that its answer is recorded, the
 * list is applied as a correction (only what differs is deleted and added) and submitted.
 */
async function applyDeferredEdit(deps: SubmitDeps, trx: Transaction<Database>, job: Pick<Job, 'payload_json'> | ClaimedJob): Promise<void> {
  const payload = 'payload' in job ? job.payload : JSON.parse(job.payload_json);
  const target = await loadStorePeriod(trx, payload);
  const raw = target?.storePeriod.pending_edit_json;
  if (!target || !raw) return;
  const now = deps.clock.now();
  await trx.updateTable('store_periods').set({ pending_edit_json: null }).where('id', '=', target.storePeriod.id).execute();
  const wanted = (JSON.parse(raw) as [string, number, number][]).map(([track, start, end]) => ({ track, start, end }));
  const plan = await applyCorrection(trx, target.storePeriod.id, wanted, now);
  if (changesNothing(plan)) return;
  await movePeriod(trx, target.storePeriod.id, { from: ['pending', 'submitted', 'confirmed', 'queued'], to: 'queued' }, now);
  await queueSubmission(trx, target.storePeriod.id, now);
}

async function recordResults(
  deps: SubmitDeps,
  trx: Transaction<Database>,
  job: ClaimedJob,
  target: SubmitTarget,
  results: readonly RangeResult[],
  say: (messages: LineMessage[], purpose: string) => Promise<void>,
): Promise<void> {
  const now = deps.clock.now();
  await recordAdded(trx, target, results, now);
  const removed = await removedSinceQueued(trx, target);
  if (removed.length > 0) return tellCorrected(deps, trx, job, target, results, removed, say);
  const saved = results.filter((r) => r.status !== 'refused');
  const refused = results.filter((r) => r.status === 'refused');
  const store = target.store.display_name;
  const period = formatOwnerLabel(target.period);
  if (saved.length > 0) {
    const checkAt = await awaitListing(deps, trx, job, target, now);
    const lines = saved.map((r) => resultCopy.savedLine(formatRange(r.range), formatCount(rangeCount(r.range))));
    const text = resultCopy.saved(store, period, lines, whenLabel(checkAt, now));
    await say([periodButtons(text, target, [{ label: resultCopy.correctButton, action: 'correct' }])], 'submitted');
  }
  if (refused.length > 0) await tellRefused(trx, target, refused, saved.length > 0, say, now);
}

/** Refused ranges: in plain words, with 修改號碼; the period needs the owner until they are fixed. */
async function tellRefused(
  trx: Transaction<Database>,
  target: SubmitTarget,
  refused: readonly RangeResult[],
  somethingSaved: boolean,
  say: (messages: LineMessage[], purpose: string) => Promise<void>,
  now: Date,
): Promise<void> {
  const detail = refused.map((r) => formatRange(r.range)).join('、');
  if (somethingSaved) await flagPeriod(trx, target.storePeriod.id, 'refused', detail, now);
  else await flagForOwner(trx, target, 'refused', detail, now);
  const lines = refused.map((r) => resultCopy.refusedLine(formatRange(r.range), plainRefusal(r.platformMessage)));
  const text = resultCopy.refused(target.store.display_name, formatOwnerLabel(target.period), lines, dueLine(target.period, now));
  await say([periodButtons(text, target, [{ label: resultCopy.fixButton, action: 'fix' }])], 'refused');
}

/** Each added range's outcome; only the row that waited to be added (a removed one may share its start). */
async function recordAdded(trx: Transaction<Database>, target: SubmitTarget, results: readonly RangeResult[], now: Date): Promise<void> {
  for (const result of results) {
    const outcome = result.status === 'saved' ? 'saved' : result.status === 'already-listed' ? 'already_listed' : 'refused';
    await trx
      .updateTable('period_ranges')
      .set({ outcome, outcome_message: result.platformMessage ?? null, saved_at: outcome === 'saved' ? now.toISOString() : null, updated_at: now.toISOString() })
      .where('store_period_id', '=', target.storePeriod.id)
      .where('track', '=', result.range.track)
      .where('start_no', '=', result.range.start)
      .where('end_no', '=', result.range.end)
      .where('outcome', '=', 'queued')
      .execute();
  }
}

/** Rows deleted by this correction: since the period was queued (by this run or an earlier one). */
async function removedSinceQueued(trx: Transaction<Database>, target: SubmitTarget): Promise<PeriodRange[]> {
  const since = target.storePeriod.queued_at ?? target.storePeriod.updated_at;
  return (await rangesOf(trx, target.storePeriod.id)).filter((row) => row.outcome === 'removed' && row.updated_at >= since);
}

/** 「14:30」 today, 「11/4 09:00」 another day: when the owner will be invited to look. */
function whenLabel(at: Date, now: Date): string {
  return formatTaipei(at, 'YYYY-MM-DD') === formatTaipei(now, 'YYYY-MM-DD') ? formatTaipei(at, 'HH:mm') : formatTaipei(at, 'M/D HH:mm');
}

/**
 * The period is submitted. When the platform can list what was saved, the owner is invited to
 * look (「查看結果」, one daytime push); a day before the deadline one warning if it is still not
 * confirmed. Returns when the invitation comes.
 */
async function awaitListing(deps: SubmitDeps, trx: Transaction<Database>, _job: ClaimedJob, target: SubmitTarget, now: Date): Promise<Date> {
  await movePeriod(trx, target.storePeriod.id, { from: ['queued', 'pending', 'submitted'], to: 'submitted' }, now);
  const promptAt = firstPromptAt(now, deps.verifyDelayMs);
  await queueProofPrompt(trx, target.storePeriod.id, 1, promptAt, now);
  await queueDeadlineWarning(trx, target.storePeriod.id, target.period, now);
  return promptAt;
}

/** One message for a correction: what was deleted, what was added, what the platform refused. */
async function tellCorrected(
  deps: SubmitDeps,
  trx: Transaction<Database>,
  job: ClaimedJob,
  target: SubmitTarget,
  results: readonly RangeResult[],
  removed: readonly PeriodRange[],
  say: (messages: LineMessage[], purpose: string) => Promise<void>,
): Promise<void> {
  const now = deps.clock.now();
  const line = (range: InvoiceRange) => correctionCopy.line(formatRange(range), formatCount(rangeCount(range)));
  const added = results.filter((r) => r.status !== 'refused');
  const refused = results.filter((r) => r.status === 'refused');
  const sections = [correctionCopy.removed(removed.map((row) => line(rangeOfRow(row))))];
  if (added.length > 0) sections.push(correctionCopy.added(added.map((r) => line(r.range))));
  if (refused.length > 0) sections.push(correctionCopy.refused(refused.map((r) => resultCopy.refusedLine(formatRange(r.range), plainRefusal(r.platformMessage)))));
  if ((await uploadedRangesOf(trx, target.storePeriod.id)).length > 0) {
    const checkAt = await awaitListing(deps, trx, job, target, now);
    sections.push(correctionCopy.proofAt(whenLabel(checkAt, now)));
  } else {
    await movePeriod(trx, target.storePeriod.id, { from: ['queued'], to: 'pending' }, now);
  }
  if (refused.length > 0) await flagPeriod(trx, target.storePeriod.id, 'refused', refused.map((r) => formatRange(r.range)).join('、'), now);
  const button = refused.length > 0 ? { label: resultCopy.fixButton, action: 'fix' as const } : { label: resultCopy.correctButton, action: 'correct' as const };
  const text = correctionCopy.done(target.store.display_name, formatOwnerLabel(target.period), sections);
  await say([periodButtons(text, target, [button])], 'corrected');
}

/** Said once per job, however often the job waits for the platform to list the rows to delete. */
async function tellNotListedYet(trx: Transaction<Database>, job: ClaimedJob, target: SubmitTarget, runAt: Date, say: (messages: LineMessage[], purpose: string) => Promise<void>): Promise<void> {
  if (await alreadyTold(trx, `not-listed-yet:${job.id}`)) return;
  const text = correctionCopy.waiting(target.store.display_name, formatOwnerLabel(target.period), formatTaipei(runAt, 'M/D HH:mm'));
  await say([periodButtons(text, target, [])], 'not-listed-yet');
}

async function alreadyTold(trx: Transaction<Database>, purpose: string): Promise<boolean> {
  return (await trx.selectFrom('outbox').select('id').where('purpose', '=', purpose).executeTakeFirst()) !== undefined;
}

async function tellGaveUp(deps: SubmitDeps, trx: Transaction<Database>, job: Job): Promise<void> {
  const target = await loadTarget(trx, JSON.parse(job.payload_json));
  if (!target) return;
  const now = deps.clock.now();
  await flagForOwner(trx, target, 'gave-up', null, now);
  if (!(await ownerFollows(trx, target.store.owner_line_user_id))) return;
  const text = resultCopy.gaveUp(target.store.display_name, formatOwnerLabel(target.period), dueLine(target.period, now));
  await enqueueMessages(
    trx,
    { lineUserId: target.store.owner_line_user_id, messages: [periodButtons(text, target, [{ label: resultCopy.retryButton, action: 'retry' }])], purpose: `gave-up:${job.id}`, urgent: true },
    deps.clock.now(),
  );
  deps.log.warn({ jobId: job.id, storePeriodId: target.storePeriod.id, lastError: job.last_error }, 'submission gave up after its last attempt');
}

import type { Kysely, Transaction } from 'kysely';
import type { Database, PeriodRange } from '../../db/schema.ts';
import { formatCount } from '../../invoice/messages.ts';
import { formatOwnerLabel } from '../../invoice/period.ts';
import { formatRange, rangeCount, type InvoiceRange } from '../../invoice/range.ts';
import type { LineMessage } from '../../line/line-api.ts';
import { enqueueMessages } from '../../line/outbox.ts';
import { PortalError, type RangeResult } from '../../portal/outcomes.ts';
import { rangesOf, setPeriodState } from '../../stores/repository.ts';
import { formatTaipei } from '../../invoice/taipei-time.ts';
import { openCredentials } from '../../vault/credentials.ts';
import { resultCopy } from '../copy/results.ts';
import type { ClaimedJob, Job } from '../queue.ts';
import { queueVerification } from '../submissions.ts';
import type { JobHandler } from '../worker.ts';
import { credentialsCard, periodButtons } from './result-messages.ts';
import { identityOf, loadStorePeriod, type PlatformJobDeps, type StorePeriodTarget } from './store-period.ts';

export interface SubmitDeps extends PlatformJobDeps {
  readonly verifyDelayMs: number;
  readonly maintenanceRetryMs?: number;
  readonly issueCredentialLink: (trx: Transaction<Database>, target: { storeId: string; lineUserId: string }) => Promise<string>;
}

interface SubmitTarget extends StorePeriodTarget {
  /** The ranges waiting to be submitted. */
  readonly ranges: readonly PeriodRange[];
}

/** What a run found, kept until the outcome is committed together with the owner's message. */
type Finding =
  | { kind: 'results'; target: SubmitTarget; results: RangeResult[] }
  | { kind: 'nothing-queued' }
  | { kind: 'no-credentials' | 'bad-credentials' | 'account-locked' | 'captcha'; target: SubmitTarget; detail?: string }
  | { kind: 'maintenance'; target: SubmitTarget; retryAt: Date };

/**
 * Submits a period's queued ranges on the platform: unseal the credentials for
 * this job only, log in with the owner answering the captcha, add the ranges,
 * record each range's outcome and tell the owner — all committed with the job.
 */
export function submitHandler(deps: SubmitDeps): JobHandler {
  const findings = new Map<string, Finding>();
  return {
    async run(ctx) {
      const finding = await submit(deps, ctx.job, ctx.signal);
      findings.set(ctx.job.id, finding);
      if (finding.kind === 'maintenance') return { kind: 'later', runAt: finding.retryAt, reason: 'platform maintenance' };
      return { kind: 'done' };
    },
    async onSettled(trx, job, { outcome }) {
      const finding = findings.get(job.id);
      findings.delete(job.id);
      if (!finding || outcome.kind === 'retry') return;
      await settle(deps, trx, job, finding);
    },
    async onDead(trx, job) {
      await tellGaveUp(deps, trx, job);
    },
  };
}

async function loadTarget(db: Kysely<Database>, payload: unknown): Promise<SubmitTarget | null> {
  const target = await loadStorePeriod(db, payload);
  if (!target) return null;
  const ranges = (await rangesOf(db, target.storePeriod.id)).filter((range) => range.outcome === 'queued');
  return { ...target, ranges };
}

async function submit(deps: SubmitDeps, job: ClaimedJob, signal: AbortSignal): Promise<Finding> {
  const target = await loadTarget(deps.db, job.payload);
  if (!target || target.ranges.length === 0) return { kind: 'nothing-queued' };
  if (!target.store.sealed_credentials) return { kind: 'no-credentials', target };
  const credentials = openCredentials(deps.vault, target.store.id, target.store.sealed_credentials);
  const solve = deps.relay.solverFor({ lineUserId: target.store.owner_line_user_id, jobId: job.id, explainFirst: false, signal });
  const ranges: InvoiceRange[] = target.ranges.map((r) => ({ track: r.track, start: r.start_no, end: r.end_no }));
  const identity = identityOf(target.store);
  try {
    const results = await deps.driver.withSession(async (session) => {
      await session.login(credentials, solve);
      return session.addBlankRanges(identity, target.period, ranges);
    }, signal);
    return { kind: 'results', target, results: results.map((result) => earlierSave(result, job)) };
  } catch (error) {
    if (!(error instanceof PortalError)) throw error;
    return failureFinding(deps, target, error);
  }
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
  const say = async (messages: LineMessage[], purpose: string): Promise<void> => {
    await enqueueMessages(trx, { lineUserId: owner, messages, purpose: `${purpose}:${job.id}`, urgent: true }, now);
  };
  const link = () => deps.issueCredentialLink(trx, { storeId: target.store.id, lineUserId: owner });
  switch (finding.kind) {
    case 'results':
      return recordResults(deps, trx, job, finding.target, finding.results, say);
    case 'no-credentials':
      return say([credentialsCard(resultCopy.needsCredentials(target.store.display_name), await link())], 'needs-credentials');
    case 'bad-credentials':
      return say([credentialsCard(resultCopy.badCredentials(target.store.display_name, finding.detail ?? ''), await link())], 'bad-credentials');
    case 'account-locked':
      return say([credentialsCard(resultCopy.accountLocked(target.store.display_name), await link())], 'account-locked');
    case 'captcha':
      return say([periodButtons(resultCopy.captchaTimeout(target.store.display_name), target, [{ label: resultCopy.retryButton, action: 'retry' }])], 'captcha-timeout');
    case 'maintenance':
      if (await alreadyTold(trx, `maintenance:${job.id}`)) return;
      return say([{ type: 'text', text: resultCopy.maintenance(target.store.display_name, formatTaipei(finding.retryAt, 'M/D HH:mm')) }], 'maintenance');
  }
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
  for (const result of results) {
    const outcome = result.status === 'saved' ? 'saved' : result.status === 'already-listed' ? 'already_listed' : 'refused';
    await trx
      .updateTable('period_ranges')
      .set({ outcome, outcome_message: result.platformMessage ?? null, updated_at: now.toISOString() })
      .where('store_period_id', '=', target.storePeriod.id)
      .where('track', '=', result.range.track)
      .where('start_no', '=', result.range.start)
      .execute();
  }
  const saved = results.filter((r) => r.status !== 'refused');
  const refused = results.filter((r) => r.status === 'refused');
  const store = target.store.display_name;
  const period = formatOwnerLabel(target.period);
  if (saved.length > 0) {
    await setPeriodState(trx, target.storePeriod.id, 'submitted', now);
    const checkAt = new Date(now.getTime() + deps.verifyDelayMs);
    await queueVerification(trx, target.storePeriod.id, checkAt, now, job.id);
    const lines = saved.map((r) => resultCopy.savedLine(formatRange(r.range), formatCount(rangeCount(r.range))));
    await say([{ type: 'text', text: resultCopy.saved(store, period, lines, formatTaipei(checkAt, 'HH:mm')) }], 'submitted');
  }
  if (refused.length > 0) {
    if (saved.length === 0) await setPeriodState(trx, target.storePeriod.id, 'pending', now);
    const lines = refused.map((r) => resultCopy.refusedLine(formatRange(r.range), r.platformMessage ?? ''));
    await say([periodButtons(resultCopy.refused(store, period, lines), target, [{ label: resultCopy.fixButton, action: 'start' }])], 'refused');
  }
}

async function alreadyTold(trx: Transaction<Database>, purpose: string): Promise<boolean> {
  return (await trx.selectFrom('outbox').select('id').where('purpose', '=', purpose).executeTakeFirst()) !== undefined;
}

async function tellGaveUp(deps: SubmitDeps, trx: Transaction<Database>, job: Job): Promise<void> {
  const target = await loadTarget(trx, JSON.parse(job.payload_json));
  if (!target) return;
  const text = resultCopy.gaveUp(target.store.display_name, formatOwnerLabel(target.period));
  await enqueueMessages(
    trx,
    { lineUserId: target.store.owner_line_user_id, messages: [periodButtons(text, target, [{ label: resultCopy.retryButton, action: 'retry' }])], purpose: `gave-up:${job.id}`, urgent: true },
    deps.clock.now(),
  );
  deps.log.warn({ jobId: job.id, storePeriodId: target.storePeriod.id, lastError: job.last_error }, 'submission gave up after its last attempt');
}

import type { Kysely, Transaction } from 'kysely';
import { MENU_CHOICES, withChoices } from '../../conversation/messages.ts';
import type { Database, PeriodRange } from '../../db/schema.ts';
import { deadlineOf, formatDeadlineLabel, formatOwnerLabel } from '../../invoice/period.ts';
import { formatRange } from '../../invoice/range.ts';
import type { LineMessage } from '../../line/line-api.ts';
import { enqueueMessages } from '../../line/outbox.ts';
import { PortalError, type ListedRow } from '../../portal/outcomes.ts';
import { isOnPlatform, rangeOfRow } from '../../stores/correction.ts';
import { rangesOf } from '../../stores/repository.ts';
import { flagPeriod, movePeriod } from '../../stores/period-status.ts';
import { deadlineLine } from '../../conversation/flows/deadline.ts';
import { openCredentials } from '../../vault/credentials.ts';
import { imageOrLink, publishImage } from '../../web/images.ts';
import { resultCopy } from '../copy/results.ts';
import type { ClaimedJob } from '../queue.ts';
import type { JobHandler } from '../worker.ts';
import { periodButtons, periodChoice } from './result-messages.ts';
import { identityOf, loadStorePeriod, type PlatformJobDeps, type StorePeriodTarget } from './store-period.ts';

export const RECHECK_MS = 30 * 60_000;
const ALERT_BEFORE_DEADLINE_MS = 24 * 60 * 60_000;
const PROOF_KEPT_MS = 90 * 24 * 60 * 60_000;

export interface VerifyDeps extends PlatformJobDeps {
  readonly publicBaseUrl: string;
  /** Whether the LINE side shows http images (only the local playground does). */
  readonly httpImagesShown?: boolean;
}

interface Target extends StorePeriodTarget {
  /** Ranges on the platform as far as we know (accepted, or kept by a correction), which 查詢 must now list. */
  readonly expected: readonly PeriodRange[];
  /** Ranges a correction deleted, which 查詢 must no longer list. */
  readonly removed: readonly PeriodRange[];
}

type Finding =
  | { kind: 'listed'; target: Target; rows: readonly ListedRow[]; screenshot: Buffer | undefined }
  | { kind: 'missing'; target: Target; missing: readonly PeriodRange[]; lingering: readonly PeriodRange[] }
  | { kind: 'captcha'; target: Target }
  | { kind: 'nothing' };

/**
 * About two hours after a submission: log in, 查詢 the period, and when every
 * wanted range is listed and no removed one is, send the owner ✅ with the rows and a screenshot.
 * Otherwise look again every 30 minutes; a day before the deadline, warn the owner.
 */
export function verifyHandler(deps: VerifyDeps): JobHandler {
  const findings = new Map<string, Finding>();
  return {
    async run(ctx) {
      const finding = await check(deps, ctx.job, ctx.signal);
      findings.set(ctx.job.id, finding);
      if (finding.kind === 'missing') {
        const reason = `${finding.missing.length} ranges not listed yet, ${finding.lingering.length} removed ones still listed`;
        return { kind: 'later', runAt: new Date(deps.clock.now().getTime() + RECHECK_MS), reason };
      }
      return { kind: 'done' };
    },
    async onSettled(trx, job, { outcome }) {
      const finding = findings.get(job.id);
      findings.delete(job.id);
      if (!finding || finding.kind === 'nothing' || outcome.kind === 'retry') return;
      if (finding.kind === 'listed') await confirm(deps, trx, job, finding);
      else if (finding.kind === 'missing') await alertNearDeadline(deps, trx, finding);
      else await say(deps, trx, finding.target, periodButtons(resultCopy.verifyCaptchaTimeout(finding.target.store.display_name), finding.target, [{ label: resultCopy.verifyButton, action: 'verify' }]), `verify-captcha:${job.id}`);
    },
  };
}

async function loadTarget(db: Kysely<Database>, payload: unknown): Promise<Target | null> {
  const target = await loadStorePeriod(db, payload);
  if (!target || target.storePeriod.state !== 'submitted') return null;
  const rows = await rangesOf(db, target.storePeriod.id);
  return { ...target, expected: rows.filter((r) => isOnPlatform(r.outcome)), removed: rows.filter((r) => r.outcome === 'removed') };
}

async function check(deps: VerifyDeps, job: ClaimedJob, signal: AbortSignal): Promise<Finding> {
  const target = await loadTarget(deps.db, job.payload);
  if (!target || target.expected.length === 0 || !target.store.sealed_credentials) return { kind: 'nothing' };
  const credentials = openCredentials(deps.vault, target.store.id, target.store.sealed_credentials);
  const solve = deps.relay.solverFor({ lineUserId: target.store.owner_line_user_id, jobId: job.id, storeName: target.store.display_name, periodLabel: formatOwnerLabel(target.period), explainFirst: true, signal });
  const identity = identityOf(target.store);
  try {
    const listing = await deps.driver.withSession(async (session) => {
      await session.login(credentials, solve);
      return session.queryBlankRanges(identity, target.period, true);
    }, signal);
    const listed = (range: PeriodRange) => listing.rows.some((row) => row.track === range.track && row.start === range.start_no && row.end === range.end_no);
    const missing = target.expected.filter((range) => !listed(range));
    const lingering = target.removed.filter(listed);
    if (missing.length > 0 || lingering.length > 0) return { kind: 'missing', target, missing, lingering };
    return { kind: 'listed', target, rows: listing.rows, screenshot: listing.screenshot };
  } catch (error) {
    if (error instanceof PortalError && (error.kind === 'captcha-unanswered' || error.kind === 'captcha-cancelled' || error.kind === 'captcha-rejected')) return { kind: 'captcha', target };
    if (error instanceof PortalError && error.kind === 'maintenance') return { kind: 'missing', target, missing: target.expected, lingering: [] };
    throw error;
  }
}

async function confirm(deps: VerifyDeps, trx: Transaction<Database>, job: ClaimedJob, finding: Extract<Finding, { kind: 'listed' }>): Promise<void> {
  const { target } = finding;
  const now = deps.clock.now();
  await trx
    .updateTable('period_ranges')
    .set({ outcome: 'listed', saved_at: null, updated_at: now.toISOString() })
    .where('store_period_id', '=', target.storePeriod.id)
    .where('outcome', 'in', ['saved', 'already_listed'])
    .execute();
  await movePeriod(trx, target.storePeriod.id, { from: ['submitted'], to: 'confirmed' }, now);
  const lines = finding.rows.map((row) => `${row.track} ${String(row.start).padStart(8, '0')}–${String(row.end).padStart(8, '0')}（${row.periodLabel}）`);
  const messages: LineMessage[] = [{ type: 'text', text: resultCopy.proof(target.store.display_name, formatOwnerLabel(target.period), lines, deadlineLine(now)) }];
  if (finding.screenshot) {
    const owner = target.store.owner_line_user_id;
    const url = await publishImage(trx, { lineUserId: owner, purpose: 'proof', bytes: finding.screenshot, expiresAt: new Date(now.getTime() + PROOF_KEPT_MS) }, deps.publicBaseUrl, now);
    messages.push(imageOrLink(url, resultCopy.proofImageLink, deps.httpImagesShown ?? false));
  }
  const correct = periodChoice(target, { label: resultCopy.correctButton, action: 'correct' });
  await enqueueMessages(trx, { lineUserId: target.store.owner_line_user_id, messages: withChoices(messages, [correct, ...MENU_CHOICES]), purpose: `proof:${job.id}`, urgent: true }, now);
}

/** Once, when a day or less is left and something is still not listed. */
async function alertNearDeadline(deps: VerifyDeps, trx: Transaction<Database>, finding: Extract<Finding, { kind: 'missing' }>): Promise<void> {
  const { target } = finding;
  const now = deps.clock.now();
  if (deadlineOf(target.period).getTime() - now.getTime() > ALERT_BEFORE_DEADLINE_MS) return;
  const purpose = `missing-alert:${target.storePeriod.id}`;
  if (await trx.selectFrom('outbox').select('id').where('purpose', '=', purpose).executeTakeFirst()) return;
  const lines = [
    ...finding.missing.map((range) => `• ${formatRange(rangeOfRow(range))}`),
    ...finding.lingering.map((range) => resultCopy.lingeringLine(formatRange(rangeOfRow(range)))),
  ];
  await flagPeriod(trx, target.storePeriod.id, 'not-listed', null, now);
  const text = resultCopy.stillMissing(target.store.display_name, formatOwnerLabel(target.period), formatDeadlineLabel(target.period), lines);
  await say(deps, trx, target, periodButtons(text, target, [{ label: resultCopy.retryButton, action: 'retry' }, { label: resultCopy.verifyButton, action: 'verify' }]), purpose);
}

async function say(deps: VerifyDeps, trx: Transaction<Database>, target: Target, message: LineMessage, purpose: string): Promise<void> {
  await enqueueMessages(trx, { lineUserId: target.store.owner_line_user_id, messages: [message], purpose, urgent: true }, deps.clock.now());
}

import type { Kysely, Transaction } from 'kysely';
import { MENU_CHOICES, withChoices } from '../../conversation/messages.ts';
import type { Database, PeriodRange } from '../../db/schema.ts';
import { formatOwnerLabel } from '../../invoice/period.ts';
import { formatRange } from '../../invoice/range.ts';
import { formatTaipei } from '../../invoice/taipei-time.ts';
import type { LineMessage } from '../../line/line-api.ts';
import type { PortalSession } from '../../portal/session.ts';
import { PortalError, type ListedRow, type Listing } from '../../portal/outcomes.ts';
import { isOnPlatform, rangeOfRow } from '../../stores/correction.ts';
import { rangesOf } from '../../stores/repository.ts';
import { flagPeriod, movePeriod } from '../../stores/period-status.ts';
import { loadPlatformSession } from '../../stores/platform-sessions.ts';
import { deadlineLine } from '../../conversation/flows/deadline.ts';
import { imageOrLink, publishImage } from '../../web/images.ts';
import { jobPurpose } from '../captcha-reply.ts';
import { proofCopy } from '../copy/proof.ts';
import { resultCopy } from '../copy/results.ts';
import { answerOwner, periodPurpose } from '../held-replies.ts';
import { queueNextPrompt, readPromptPayload } from '../proof-prompts.ts';
import type { ClaimedJob } from '../queue.ts';
import type { JobHandler } from '../worker.ts';
import { periodButtons, periodChoice } from './result-messages.ts';
import { identityOf, platformLogin, loadStorePeriod, type JobRun, type PlatformJobDeps, type StorePeriodTarget } from './store-period.ts';

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
 * The check the owner asked for with 「查看結果」: 查詢 the period — with the session saved at
 * upload time while the platform still accepts it, else a login whose captcha answers the
 * owner's tap — and send ✅ with the rows and a picture of the listing, or say what is not
 * listed yet and when the bot will offer another look. Never runs unprompted.
 */
export function verifyHandler(deps: VerifyDeps): JobHandler {
  const findings = new Map<string, Finding>();
  return {
    async run(ctx) {
      findings.set(ctx.job.id, await check(deps, ctx.job, ctx));
      return { kind: 'done' };
    },
    async onSettled(trx, job, { outcome }) {
      const finding = findings.get(job.id);
      findings.delete(job.id);
      if (!finding || finding.kind === 'nothing' || outcome.kind === 'retry') return;
      if (finding.kind === 'listed') return confirm(deps, trx, job, finding);
      if (finding.kind === 'missing') return notYet(deps, trx, job, finding);
      const text = resultCopy.verifyCaptchaTimeout(finding.target.store.display_name);
      await say(deps, trx, job, finding.target, periodButtons(text, finding.target, [{ label: proofCopy.checkButton, action: 'proof' }]), 'verify-captcha');
    },
  };
}

async function loadTarget(db: Kysely<Database>, payload: unknown): Promise<Target | null> {
  const target = await loadStorePeriod(db, payload);
  if (!target || target.storePeriod.state !== 'submitted') return null;
  const rows = await rangesOf(db, target.storePeriod.id);
  return { ...target, expected: rows.filter((r) => isOnPlatform(r.outcome)), removed: rows.filter((r) => r.outcome === 'removed') };
}

async function check(deps: VerifyDeps, job: ClaimedJob, run: JobRun): Promise<Finding> {
  const target = await loadTarget(deps.db, job.payload);
  if (!target || target.expected.length === 0 || !target.store.sealed_credentials) return { kind: 'nothing' };
  try {
    const resume = await loadPlatformSession(deps.db, deps.vault, target.store.id);
    const listing = await deps.driver.withSession((session) => listingFor(deps, job, target, session, resume !== undefined, run), run.signal, resume);
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

/** With the saved session when the platform still accepts it (no captcha), else after a login. */
async function listingFor(
  deps: VerifyDeps,
  job: ClaimedJob,
  target: Target,
  session: PortalSession,
  resumed: boolean,
  run: JobRun,
): Promise<Listing> {
  const identity = identityOf(target.store);
  const still = resumed ? await session.queryIfSignedIn(identity, target.period, true) : null;
  if (still) {
    deps.log.info({ jobId: job.id }, 'platform session saved at upload still accepted: no login needed');
    return still;
  }
  const { credentials, solve } = platformLogin(deps, job, target, run);
  await session.login(credentials, solve);
  return session.queryBlankRanges(identity, target.period, true);
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
  await answerOwner(trx, { lineUserId: target.store.owner_line_user_id, messages: withChoices(messages, [correct, ...MENU_CHOICES]), outboxPurpose: `proof:${job.id}`, heldFor: heldFor(job, target) }, now);
}

/**
 * Not listed yet: say which, and offer a later look (at most three in all, further apart each
 * time, in daytime). With no look left the period needs the owner: 再試一次 uploads again.
 */
async function notYet(deps: VerifyDeps, trx: Transaction<Database>, job: ClaimedJob, finding: Extract<Finding, { kind: 'missing' }>): Promise<void> {
  const { target } = finding;
  const now = deps.clock.now();
  const lines = [
    ...finding.missing.map((range) => `• ${formatRange(rangeOfRow(range))}`),
    ...finding.lingering.map((range) => resultCopy.lingeringLine(formatRange(rangeOfRow(range)))),
  ];
  const round = readPromptPayload(job.payload)?.round ?? 1;
  const nextAt = await queueNextPrompt(trx, target.storePeriod.id, round, now);
  if (!nextAt) await flagPeriod(trx, target.storePeriod.id, 'not-listed', null, now);
  const text = proofCopy.notYet(target.store.display_name, formatOwnerLabel(target.period), lines, nextAt ? formatTaipei(nextAt, 'M/D HH:mm') : null);
  const buttons = nextAt ? [] : [{ label: resultCopy.retryButton, action: 'retry' as const }];
  await say(deps, trx, job, target, periodButtons(text, target, buttons), 'not-listed-yet');
}

async function say(deps: VerifyDeps, trx: Transaction<Database>, job: ClaimedJob, target: Target, message: LineMessage, purpose: string): Promise<void> {
  await answerOwner(trx, { lineUserId: target.store.owner_line_user_id, messages: [message], outboxPurpose: `${purpose}:${job.id}`, heldFor: heldFor(job, target) }, deps.clock.now());
}

/** The owner's tap on 查看結果 (or their captcha answer) holds the reply this check answers with. */
function heldFor(job: ClaimedJob, target: Target): string[] {
  return [jobPurpose(job.id), periodPurpose(target.storePeriod.id)];
}


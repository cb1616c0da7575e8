// Buttons that act on one store's period (on reminders, job results, 狀態): they carry the store
// and period and work from any step. Each checks where the period really is, in the same
// transaction, so an old button never moves a period backwards.
import type { Store, StorePeriod } from '../../db/schema.ts';
import { formatOwnerLabel, periodFromKey, periodKey, type Period } from '../../invoice/period.ts';
import { nextCheckRound, queueSubmission, queueVerification } from '../../jobs/submissions.ts';
import { periodPurpose } from '../../jobs/held-replies.ts';
import { proofCopy } from '../../jobs/copy/proof.ts';
import type { LineMessage } from '../../line/line-api.ts';
import { movePeriod, needsOwner, type PeriodStatus } from '../../stores/period-status.ts';
import { ensureStorePeriod, storeById, storesOf } from '../../stores/repository.ts';
import { actionsCopy } from '../copy/actions.ts';
import { commonCopy } from '../copy/common.ts';
import { registerCopy } from '../copy/register.ts';
import { statusCopy } from '../copy/status.ts';
import { outcome, type Outcome, type StepContext } from '../context.ts';
import { CANCEL_CHOICE, linkCard, MENU_CHOICES, textMessage, withChoices, type Choice } from '../messages.ts';
import { fixChoice, statusOf } from '../period-view.ts';
import { IDLE } from '../state.ts';
import { nextDuePeriod } from './deadline.ts';
import { mainMenu } from './menu.ts';
import { startUpload } from './upload.ts';

export type PeriodActionName = 'nothing' | 'confirmNothing' | 'undoNothing' | 'retry' | 'verify' | 'proof' | 'fix';

interface Target {
  readonly store: Store;
  readonly key: string;
  readonly period: Period;
  readonly label: string;
}

export async function periodAction(ctx: StepContext, action: PeriodActionName, storeId: string | undefined, key: string | undefined): Promise<Outcome> {
  const target = await targetOf(ctx, storeId, key);
  if (!target) return mainMenu(ctx);
  switch (action) {
    case 'nothing':
      return askNothing(ctx, target);
    case 'confirmNothing':
      return recordNothing(ctx, target);
    case 'undoNothing':
      return undoNothing(ctx, target);
    case 'retry':
      return retry(ctx, target);
    case 'verify':
    case 'proof':
      return checkResult(ctx, target);
    case 'fix':
      return fix(ctx, target);
  }
}

/** Only the owner's own stores: postback data is not a credential. */
async function targetOf(ctx: StepContext, storeId: string | undefined, key: string | undefined): Promise<Target | null> {
  const store = storeId ? await storeById(ctx.trx, storeId) : undefined;
  const period = key ? periodFromKey(key) : null;
  if (!store || store.owner_line_user_id !== ctx.lineUserId || !period || !key) return null;
  return { store, key, period, label: formatOwnerLabel(period) };
}

/** 「這期沒有空白發票」 stops the period's reminders, so it is confirmed first, and says how to undo it. */
export async function askNothing(ctx: StepContext, target: Target): Promise<Outcome> {
  const status = await statusOf(ctx.trx, target.store, target.key, ctx.now);
  const blocked = nothingBlockedBy(status, target);
  if (blocked) return blocked;
  const params = { s: target.store.id, p: target.key };
  return outcome({ step: 'nothing.confirm', storeId: target.store.id, periodKey: target.key, failures: 0 }, [textMessage(actionsCopy.askNothing(target.store.display_name, target.label))], [
    { label: actionsCopy.confirmNothingButton, postback: 'confirmNothing', params },
    CANCEL_CHOICE,
  ]);
}

function nothingBlockedBy(status: PeriodStatus, target: Target): Outcome | null {
  const name = target.store.display_name;
  if (status.kind === 'nothing') return outcome(IDLE, [textMessage(actionsCopy.alreadyNothing(name, target.label))], [undoChoice(target), ...MENU_CHOICES]);
  if (status.kind === 'uploading' || status.kind === 'awaiting-captcha') return outcome(IDLE, [textMessage(actionsCopy.busy(name, target.label))], MENU_CHOICES);
  if (status.kind === 'submitted' || status.kind === 'confirmed' || (status.kind === 'attention' && status.reason === 'not-listed')) {
    return outcome(IDLE, [textMessage(actionsCopy.alreadyUploaded(name, target.label))], [{ label: commonCopy.buttons.correct, postback: 'correct', params: { s: target.store.id, p: target.key } }, ...MENU_CHOICES]);
  }
  return null;
}

export async function recordNothing(ctx: StepContext, target: Target): Promise<Outcome> {
  const row = await ensureStorePeriod(ctx.trx, target.store.id, target.key, ctx.now);
  const moved = await movePeriod(ctx.trx, row.id, { from: ['pending'], to: 'nothing_to_report' }, ctx.now);
  if (!moved) return (nothingBlockedBy(await statusOf(ctx.trx, target.store, target.key, ctx.now), target) ?? mainMenu(ctx));
  return outcome(IDLE, [textMessage(actionsCopy.nothingRecorded(target.store.display_name, target.label))], [undoChoice(target), ...MENU_CHOICES]);
}

function undoChoice(target: Target): Choice {
  return { label: actionsCopy.undoNothingButton, postback: 'undoNothing', params: { s: target.store.id, p: target.key } };
}

async function undoNothing(ctx: StepContext, target: Target): Promise<Outcome> {
  const row = await ensureStorePeriod(ctx.trx, target.store.id, target.key, ctx.now);
  const moved = await movePeriod(ctx.trx, row.id, { from: ['nothing_to_report'], to: 'pending' }, ctx.now);
  const text = moved ? actionsCopy.nothingUndone(target.store.display_name, target.label) : actionsCopy.notNothing(target.store.display_name, target.label);
  return outcome(IDLE, [textMessage(text)], [startChoice(target), ...MENU_CHOICES]);
}

function startChoice(target: Target): Choice {
  return { label: commonCopy.buttons.startReport, postback: 'start', params: { s: target.store.id, p: target.key } };
}

/** 再試一次: only a period that needs the owner goes back in the queue; anything else says where it is. */
async function retry(ctx: StepContext, target: Target): Promise<Outcome> {
  const status = await statusOf(ctx.trx, target.store, target.key, ctx.now);
  if (status.kind === 'to-report') return startUpload(ctx, target.store.id, target.key);
  if (status.kind !== 'attention') return whereItIs(target, status);
  const row = await ensureStorePeriod(ctx.trx, target.store.id, target.key, ctx.now);
  if (!(await hasWork(ctx, row))) return startUpload(ctx, target.store.id, target.key);
  await requeueUnlisted(ctx, row.id);
  const moved = await movePeriod(ctx.trx, row.id, { from: ['pending', 'submitted', 'queued'], to: 'queued' }, ctx.now);
  if (!moved) return whereItIs(target, await statusOf(ctx.trx, target.store, target.key, ctx.now));
  await queueSubmission(ctx.trx, row.id, ctx.now);
  const messages: LineMessage[] = [textMessage(actionsCopy.retrying(target.store.display_name, target.label))];
  if (!target.store.sealed_credentials) messages.push(await credentialsCard(ctx, target.store));
  return outcome(IDLE, messages, MENU_CHOICES);
}

async function hasWork(ctx: StepContext, row: StorePeriod): Promise<boolean> {
  const found = await ctx.trx
    .selectFrom('period_ranges')
    .select('id')
    .where('store_period_id', '=', row.id)
    .where('outcome', 'in', ['queued', 'remove_queued', 'saved', 'already_listed'])
    .executeTakeFirst();
  return found !== undefined;
}

/** Ranges sent but never listed go back in the queue; listed ones stay done. */
async function requeueUnlisted(ctx: StepContext, storePeriodId: string): Promise<void> {
  await ctx.trx
    .updateTable('period_ranges')
    .set({ outcome: 'queued', updated_at: ctx.now.toISOString() })
    .where('store_period_id', '=', storePeriodId)
    .where('outcome', 'in', ['saved', 'already_listed'])
    .execute();
}

/**
 * 「查看結果」: the check runs now, and its answer (the captcha if the platform wants one, then ✅
 * or "not listed yet") goes out as the reply to this tap.
 */
async function checkResult(ctx: StepContext, target: Target): Promise<Outcome> {
  const status = await statusOf(ctx.trx, target.store, target.key, ctx.now);
  const name = target.store.display_name;
  if (status.kind === 'confirmed') return outcome(IDLE, [textMessage(proofCopy.alreadyConfirmed(name, target.label))], MENU_CHOICES);
  if (status.kind !== 'submitted' && !(status.kind === 'attention' && status.reason === 'not-listed')) return whereItIs(target, status);
  const row = await ensureStorePeriod(ctx.trx, target.store.id, target.key, ctx.now);
  const queued = await queueVerification(ctx.trx, row.id, await nextCheckRound(ctx.trx, row.id), ctx.now);
  if (!queued) return outcome(IDLE, [textMessage(actionsCopy.alreadyVerifying(name, target.label))], MENU_CHOICES);
  const fallback = withChoices([textMessage(proofCopy.checking(name, target.label))], MENU_CHOICES);
  return { ...outcome(IDLE, [], []), hold: { purpose: periodPurpose(row.id), fallback } };
}

/** 「查看結果」 typed: the one period waiting for its proof, or a choice. */
export async function checkFromText(ctx: StepContext): Promise<Outcome> {
  const waiting: Choice[] = [];
  for (const store of await storesOf(ctx.trx, ctx.lineUserId)) {
    for (const key of await recentKeys(ctx, store)) {
      const status = await statusOf(ctx.trx, store, key, ctx.now);
      if (status.kind === 'submitted') waiting.push({ label: `${store.display_name} ${formatOwnerLabel(periodFromKey(key) as Period)}`, postback: 'proof', params: { s: store.id, p: key } });
    }
  }
  const only = waiting.length === 1 ? (waiting[0] as Extract<Choice, { postback: string }>) : undefined;
  if (only) return periodAction(ctx, 'proof', only.params?.s, only.params?.p);
  if (waiting.length === 0) return mainMenu(ctx, actionsCopy.nothingToCheck);
  return outcome(IDLE, [textMessage(statusCopy.chooseFix)], [...waiting.slice(0, 12), CANCEL_CHOICE]);
}

/** The one tap a period needing the owner offers: again, a new password, or new numbers. */
async function fix(ctx: StepContext, target: Target): Promise<Outcome> {
  const status = await statusOf(ctx.trx, target.store, target.key, ctx.now);
  if (status.kind !== 'attention') return whereItIs(target, status);
  switch (status.reason) {
    case 'bad-credentials':
    case 'account-locked':
    case 'no-credentials':
      return outcome(IDLE, [await credentialsCard(ctx, target.store)], MENU_CHOICES);
    case 'refused':
      return startUpload(ctx, target.store.id, target.key);
    default:
      return retry(ctx, target);
  }
}

async function credentialsCard(ctx: StepContext, store: Store) {
  const link = await ctx.deps.issueCredentialLink(ctx.trx, { storeId: store.id, lineUserId: ctx.lineUserId });
  return linkCard(actionsCopy.credentialsLink(store.display_name), registerCopy.credentialsButton, link);
}

/** A stale or repeated tap: say where the period is now and offer what fits. */
function whereItIs(target: Target, status: PeriodStatus): Outcome {
  const text = actionsCopy.whereItIs(target.store.display_name, target.label, status);
  const fixButton = fixChoice(status, target.store.id, target.key);
  return outcome(IDLE, [textMessage(text)], [...(fixButton ? [fixButton] : []), ...MENU_CHOICES]);
}

/**
 * 再試一次 / 修改號碼 typed, or a fix asked for without a period: the one period needing the
 * owner, or a choice when there are several.
 */
export async function fixFromText(ctx: StepContext): Promise<Outcome> {
  const needing: Choice[] = [];
  for (const store of await storesOf(ctx.trx, ctx.lineUserId)) {
    for (const key of await recentKeys(ctx, store)) {
      const status = await statusOf(ctx.trx, store, key, ctx.now);
      const choice = fixChoice(status, store.id, key);
      if (choice && needsOwner(status)) needing.push({ ...choice, label: `${choice.label}：${store.display_name} ${formatOwnerLabel(periodFromKey(key) as Period)}` });
    }
  }
  if (needing.length === 0) return mainMenu(ctx, statusCopy.nothingToFix);
  if (needing.length === 1) {
    const only = needing[0] as Extract<Choice, { postback: string }>;
    return periodAction(ctx, 'fix', only.params?.s, only.params?.p);
  }
  return outcome(IDLE, [textMessage(statusCopy.chooseFix)], [...needing.slice(0, 12), CANCEL_CHOICE]);
}

/** 改回要上傳 typed: the period recorded as having nothing, of the one store (or a choice). */
export async function undoNothingFromText(ctx: StepContext): Promise<Outcome> {
  const marked: Choice[] = [];
  for (const store of await storesOf(ctx.trx, ctx.lineUserId)) {
    for (const key of await recentKeys(ctx, store)) {
      const status = await statusOf(ctx.trx, store, key, ctx.now);
      if (status.kind === 'nothing') marked.push({ label: `${store.display_name} ${formatOwnerLabel(periodFromKey(key) as Period)}`, postback: 'undoNothing', params: { s: store.id, p: key } });
    }
  }
  const only = marked.length === 1 ? (marked[0] as Extract<Choice, { postback: string }>) : undefined;
  if (only) return periodAction(ctx, 'undoNothing', only.params?.s, only.params?.p);
  if (marked.length === 0) return mainMenu(ctx, actionsCopy.noneMarkedNothing);
  return outcome(IDLE, [textMessage(statusCopy.chooseFix)], [...marked.slice(0, 12), CANCEL_CHOICE]);
}

async function recentKeys(ctx: StepContext, store: Store): Promise<string[]> {
  const rows = await ctx.trx.selectFrom('store_periods').select('period_key').where('store_id', '=', store.id).orderBy('period_key', 'desc').limit(3).execute();
  const latest = periodKey(nextDuePeriod(ctx.now));
  return rows.map((row) => row.period_key).filter((key) => periodFromKey(key) !== null && key <= latest);
}

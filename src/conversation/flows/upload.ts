import type { Store } from '../../db/schema.ts';
import { queueSubmission as queueSubmissionJob } from '../../jobs/submissions.ts';
import { parseRanges, type RangeParseResult } from '../../invoice/parse-ranges.ts';
import {
  comparePeriods,
  formatOwnerLabel,
  justEndedPeriod,
  parsePeriod,
  periodContaining,
  periodFromKey,
  periodKey,
  previousPeriod,
  type Period,
} from '../../invoice/period.ts';
import type { InvoiceRange } from '../../invoice/range.ts';
import type { LineMessage } from '../../line/line-api.ts';
import { movePeriod, ON_PLATFORM_STATES, UPLOADABLE, workFacts } from '../../stores/period-status.ts';
import { deferEdit, ensureStorePeriod, rangesOf, replaceQueuedRanges, storeById, storePeriod, storesOf } from '../../stores/repository.ts';
import type { StorePeriod } from '../../db/schema.ts';
import { formatRange } from '../../invoice/range.ts';
import { plainRefusal } from '../../jobs/copy/refusals.ts';
import { statusOf } from '../period-view.ts';
import { startCorrection } from './correct.ts';
import { periodAction } from './period-actions.ts';
import { commonCopy } from '../copy/common.ts';
import { correctCopy } from '../copy/correct.ts';
import { registerCopy } from '../copy/register.ts';
import { uploadCopy } from '../copy/upload.ts';
import { outcome, type Outcome, type StepContext } from '../context.ts';
import { CANCEL_CHOICE, linkCard, MENU_CHOICES, textMessage, withChoices, type Choice } from '../messages.ts';
import { periodPurpose } from '../../jobs/held-replies.ts';
import type { Postback } from '../postback.ts';
import { IDLE, type ConversationState, type PendingPhoto, type StoredRange } from '../state.ts';
import { confirmationCard } from './confirm-card.ts';
import { mainMenu } from './menu.ts';
import { askRetake, askToType, receivePhotoNumbers } from './photo.ts';
import { retry } from './retry.ts';

type UploadState = Extract<ConversationState, { step: `upload.${string}` }>;
export type RangesState = Extract<ConversationState, { step: 'upload.ranges' }>;

/** Numbers the owner already sent while the store or period is still to be chosen: typed, or read from a photo. */
export type Pending = { readonly text: string } | { readonly photo: PendingPhoto };

const PERIOD_CHOICES = 3;

/** Entry point: from the menu, or with a store and period already chosen (a reminder's button). */
export async function startUpload(ctx: StepContext, storeId?: string, key?: string): Promise<Outcome> {
  const stores = await storesOf(ctx.trx, ctx.lineUserId);
  if (stores.length === 0) return noStore();
  const chosen = stores.find((store) => store.id === storeId) ?? (stores.length === 1 ? stores[0] : undefined);
  if (!chosen) return askStore(ctx, stores);
  const period = key ? periodFromKey(key) : null;
  return period ? choosePeriod(ctx, chosen, period) : askPeriod(ctx, chosen, 0);
}

export async function continueUpload(ctx: StepContext, state: UploadState, text: string | null, postback: Postback | null): Promise<Outcome> {
  switch (state.step) {
    case 'upload.store':
      return receiveStore(ctx, state, postback);
    case 'upload.period':
      return receivePeriod(ctx, state, text, postback);
    case 'upload.ranges':
      return receiveRanges(ctx, state, text, postback);
    case 'upload.confirm':
      return receiveConfirmation(ctx, state, text, postback);
  }
}

export function askStore(ctx: StepContext, stores: readonly Store[], failures = 0, pending?: Pending): Outcome {
  const choices: Choice[] = stores.slice(0, 12).map((store) => ({ label: store.display_name, postback: 'store', nonce: ctx.nonce, params: { s: store.id } }));
  return outcome({ step: 'upload.store', failures, ...pendingFields(pending) }, [textMessage(uploadCopy.chooseStore)], [...choices, CANCEL_CHOICE]);
}

function pendingFields(pending: Pending | undefined): { pendingText?: string; pendingPhoto?: PendingPhoto } {
  if (!pending) return {};
  return 'text' in pending ? { pendingText: pending.text } : { pendingPhoto: pending.photo };
}

function pendingOf(state: UploadState): Pending | undefined {
  if ('pendingText' in state && state.pendingText) return { text: state.pendingText };
  if ('pendingPhoto' in state && state.pendingPhoto) return { photo: state.pendingPhoto };
  return undefined;
}

/** Numbers sent before the period was chosen are read at once, the way they came. */
function receivePending(ctx: StepContext, state: RangesState, pending: Pending): Promise<Outcome> {
  return 'text' in pending ? receiveRanges(ctx, state, pending.text, null) : receivePhotoNumbers(ctx, state, pending.photo);
}

async function receiveStore(ctx: StepContext, state: Extract<UploadState, { step: 'upload.store' }>, postback: Postback | null): Promise<Outcome> {
  const stores = await storesOf(ctx.trx, ctx.lineUserId);
  const store = stores.find((s) => s.id === postback?.params.s);
  if (!store) return askStore(ctx, stores, state.failures + 1, pendingOf(state));
  const pending = pendingOf(state);
  return pending ? periodForPending(ctx, store, pending) : askPeriod(ctx, store, 0);
}

/** 怎麼查？ with no step open. */
export function howTo(_ctx: StepContext): Outcome {
  return outcome(IDLE, [textMessage(uploadCopy.howTo)], MENU_CHOICES);
}

/** 沒有 typed with no step open: about the period due now, of the one store or a chosen one. */
export async function nothingFromText(ctx: StepContext): Promise<Outcome> {
  const stores = await storesOf(ctx.trx, ctx.lineUserId);
  const due = periodKey(justEndedPeriod(ctx.now));
  if (stores.length === 0) return noStore();
  if (stores.length === 1) return periodAction(ctx, 'nothing', (stores[0] as Store).id, due);
  const choices: Choice[] = stores.slice(0, 12).map((store) => ({ label: store.display_name, postback: 'nothing', params: { s: store.id, p: due } }));
  return outcome(IDLE, [textMessage(uploadCopy.chooseStore)], [...choices, CANCEL_CHOICE]);
}

/**
 * Ranges pasted with no step open (or long after the step was left): an upload with them,
 * asking only what is missing — the store when there are several, the period when the one
 * due now is already taken care of.
 */
export async function uploadFromText(ctx: StepContext, text: string): Promise<Outcome | null> {
  if (parseRanges(text).ranges.length === 0) return null;
  const stores = await storesOf(ctx.trx, ctx.lineUserId);
  if (stores.length === 0) return noStore();
  if (stores.length > 1) return askStore(ctx, stores, 0, { text });
  return periodForPending(ctx, stores[0] as Store, { text });
}

/** Numbers sent with no period chosen go to the period due now, unless it is already taken care of. */
export async function periodForPending(ctx: StepContext, store: Store, pending: Pending): Promise<Outcome> {
  const due = await dueRangesState(ctx, store);
  return due ? receivePending(ctx, due, pending) : askPeriod(ctx, store, 0, pending);
}

/** The ranges step of the period due now, while it still needs numbers; null once it is taken care of. */
export async function dueRangesState(ctx: StepContext, store: Store): Promise<RangesState | null> {
  const due = justEndedPeriod(ctx.now);
  const status = await statusOf(ctx.trx, store, periodKey(due), ctx.now);
  if (status.kind === 'to-report' || (status.kind === 'attention' && status.reason !== 'not-listed')) {
    return { step: 'upload.ranges', storeId: store.id, periodKey: periodKey(due), failures: 0 };
  }
  return null;
}

export function noStore(): Outcome {
  return outcome(IDLE, [textMessage(uploadCopy.noStore)], [{ label: commonCopy.buttons.registerStore, text: commonCopy.buttons.registerStore }]);
}

/** The period due now first, then the two before it (late uploads are still required). */
function periodChoices(ctx: StepContext): Choice[] {
  const periods: Period[] = [justEndedPeriod(ctx.now)];
  while (periods.length < PERIOD_CHOICES) periods.push(previousPeriod(periods[periods.length - 1] as Period));
  return periods.map((period) => ({ label: formatOwnerLabel(period), postback: 'period', nonce: ctx.nonce, params: { p: periodKey(period) } }));
}

export function askPeriod(ctx: StepContext, store: Store, failures: number, pending?: Pending): Outcome {
  const state = { step: 'upload.period' as const, storeId: store.id, failures, ...pendingFields(pending) };
  return outcome(state, [textMessage(uploadCopy.choosePeriod(store.display_name))], [
    ...periodChoices(ctx),
    CANCEL_CHOICE,
  ]);
}

async function receivePeriod(ctx: StepContext, state: Extract<UploadState, { step: 'upload.period' }>, text: string | null, postback: Postback | null): Promise<Outcome> {
  const store = await storeById(ctx.trx, state.storeId);
  if (!store) return mainMenu(ctx);
  const period = postback?.action === 'period' ? periodFromKey(postback.params.p ?? '') : text ? parsePeriod(text, ctx.now) : null;
  if (!period) return retry(state, uploadCopy.periodUnreadable, uploadCopy.periodExample, periodChoices(ctx));
  return choosePeriod(ctx, store, period, state);
}

/**
 * The period is chosen: one not ended yet is asked again; one already on the platform goes to
 * the correction (so nothing is added beside what is there); otherwise the ranges are asked
 * for — or read at once when the owner had already pasted them.
 */
async function choosePeriod(ctx: StepContext, store: Store, period: Period, state?: UploadState): Promise<Outcome> {
  const pending = state ? pendingOf(state) : undefined;
  if (comparePeriods(period, periodContaining(ctx.now)) >= 0) {
    const notEnded = uploadCopy.periodNotEnded(formatOwnerLabel(period));
    const again = { step: 'upload.period' as const, storeId: store.id, failures: 0, ...pendingFields(pending) };
    return state ? retry(state, notEnded, uploadCopy.periodExample, periodChoices(ctx)) : outcome(again, [textMessage(notEnded)], [...periodChoices(ctx), CANCEL_CHOICE]);
  }
  const existing = await storePeriod(ctx.trx, store.id, periodKey(period));
  if (existing && ON_PLATFORM_STATES.includes(existing.state)) return startCorrection(ctx, store.id, existing.period_key);
  const ranges: RangesState = { step: 'upload.ranges', storeId: store.id, periodKey: periodKey(period), failures: 0 };
  if (pending) return receivePending(ctx, ranges, pending);
  return askRanges(ctx, store.id, period, 0, await refusedLead(ctx, existing));
}

/** After the platform refused ranges, the owner is shown which and why before typing the right ones. */
async function refusedLead(ctx: StepContext, row: StorePeriod | undefined): Promise<string | undefined> {
  if (!row) return undefined;
  const refused = (await rangesOf(ctx.trx, row.id)).filter((range) => range.outcome === 'refused');
  if (refused.length === 0) return undefined;
  return uploadCopy.refusedBefore(refused.map((range) => `${formatRange({ track: range.track, start: range.start_no, end: range.end_no })}：${plainRefusal(range.outcome_message)}`));
}

export function rangeChoices(ctx: StepContext): Choice[] {
  return [
    { label: uploadCopy.howToButton, postback: 'howto', nonce: ctx.nonce },
    { label: uploadCopy.nothingButton, postback: 'nothing', nonce: ctx.nonce },
    CANCEL_CHOICE,
  ];
}

export function askRanges(ctx: StepContext, storeId: string, period: Period, failures: number, lead?: string): Outcome {
  const ask = uploadCopy.askRanges(formatOwnerLabel(period));
  return outcome({ step: 'upload.ranges', storeId, periodKey: periodKey(period), failures }, [textMessage(lead ? `${lead}\n${ask}` : ask)], rangeChoices(ctx));
}

async function receiveRanges(ctx: StepContext, state: Extract<UploadState, { step: 'upload.ranges' | 'upload.confirm' }>, text: string | null, postback: Postback | null): Promise<Outcome> {
  if (postback?.action === 'howto') return outcome(state, [textMessage(uploadCopy.howTo)], rangeChoices(ctx));
  if (postback?.action === 'nothing') return periodAction(ctx, 'nothing', state.storeId, state.periodKey);
  if (postback?.action === 'retake') return askRetake(ctx, state);
  if (postback?.action === 'typeNumbers') return askToType(ctx, state, postback);
  if (text === null) return askRanges(ctx, state.storeId, periodOf(state), state.failures);
  const parsed = parseRanges(text);
  if (parsed.problems.length > 0) {
    const back: ConversationState = { step: 'upload.ranges', storeId: state.storeId, periodKey: state.periodKey, failures: state.failures };
    return retry(back, uploadCopy.rangeProblems(parsed.problems.map((p) => p.message)), 'MM16937074-16937099', rangeChoices(ctx).slice(0, 2));
  }
  return showConfirmation(ctx, state.storeId, state.periodKey, parsed.ranges, notesOf(parsed));
}

/** The card to confirm; `note` is a line on the card itself (where the numbers came from). */
export async function showConfirmation(ctx: StepContext, storeId: string, key: string, ranges: readonly InvoiceRange[], warnings: readonly string[], note?: string): Promise<Outcome> {
  const store = await storeById(ctx.trx, storeId);
  if (!store) return mainMenu(ctx);
  const period = periodOf({ periodKey: key });
  const buttons = {
    confirm: { label: uploadCopy.confirmButton, postback: 'confirm' as const, nonce: ctx.nonce },
    edit: { label: uploadCopy.editButton, postback: 'edit' as const, nonce: ctx.nonce },
    cancel: { label: commonCopy.buttons.cancel, postback: 'cancel' as const, nonce: ctx.nonce },
  };
  const card = confirmationCard(store, period, ranges, ctx.now, buttons, note);
  const messages = warnings.length > 0 ? [textMessage(uploadCopy.rangeWarnings([...warnings])), card] : [card];
  const stored: StoredRange[] = ranges.map((r) => [r.track, r.start, r.end]);
  return outcome({ step: 'upload.confirm', storeId, periodKey: key, ranges: stored, failures: 0 }, messages, [buttons.confirm, buttons.edit, CANCEL_CHOICE]);
}

async function receiveConfirmation(ctx: StepContext, state: Extract<UploadState, { step: 'upload.confirm' }>, text: string | null, postback: Postback | null): Promise<Outcome> {
  if (postback?.action === 'confirm') return confirmSubmission(ctx, state, postback.nonce ?? ctx.nonce);
  if (postback?.action === 'edit') return askRanges(ctx, state.storeId, periodOf(state), 0, uploadCopy.editPrompt);
  // New numbers typed at the card replace the old ones.
  return receiveRanges(ctx, state, text, postback);
}

/**
 * 確認上傳. The period is checked where it is now, in this transaction: a period already on the
 * platform is not uploaded again (a correction is offered); while a job is saving this period
 * the new list waits for it and is applied after; before that, the job simply takes the new list.
 */
async function confirmSubmission(ctx: StepContext, state: Extract<UploadState, { step: 'upload.confirm' }>, cardNonce: string): Promise<Outcome> {
  const store = await storeById(ctx.trx, state.storeId);
  if (!store) return mainMenu(ctx);
  const label = formatOwnerLabel(periodOf(state));
  const row = await ensureStorePeriod(ctx.trx, store.id, state.periodKey, ctx.now);
  const ranges = state.ranges.map(([track, start, end]) => ({ track, start, end }));
  if (ON_PLATFORM_STATES.includes(row.state)) {
    const correct: Choice = { label: correctCopy.button, postback: 'correct', params: { s: store.id, p: row.period_key } };
    return outcome(IDLE, [textMessage(uploadCopy.alreadyUploaded(store.display_name, label))], [correct, ...MENU_CHOICES]);
  }
  if (row.saving_job_id) {
    await deferEdit(ctx.trx, row.id, ranges, ctx.now);
    return outcome(IDLE, [textMessage(uploadCopy.editAfterSaving(store.display_name, label))], MENU_CHOICES);
  }
  const running = (await workFacts(ctx.trx, row.id, ctx.now)).openSubmission;
  await replaceQueuedRanges(ctx.trx, row.id, ranges, ctx.now);
  await movePeriod(ctx.trx, row.id, { from: UPLOADABLE, to: 'queued' }, ctx.now);
  await queueSubmissionJob(ctx.trx, row.id, ctx.now, cardNonce);
  const messages: LineMessage[] = [textMessage(running ? uploadCopy.replacedBeforeSaving(store.display_name, label) : uploadCopy.queued(store.display_name, label))];
  if (!store.sealed_credentials) {
    const link = await ctx.deps.issueCredentialLink(ctx.trx, { storeId: store.id, lineUserId: ctx.lineUserId });
    messages.push(linkCard(uploadCopy.queuedNeedsCredentials, registerCopy.credentialsButton, link));
    return outcome(IDLE, messages, MENU_CHOICES);
  }
  if (running) return outcome(IDLE, messages, MENU_CHOICES);
  // The job reaches the platform's captcha in seconds: 收到 and the image go out together, as one free reply.
  const fallback = withChoices([textMessage(uploadCopy.captchaComing)], MENU_CHOICES);
  return { ...outcome(IDLE, messages, MENU_CHOICES), hold: { purpose: periodPurpose(row.id), fallback } };
}

/**
 * What the owner should read beside the card: the parts of their text left out and why (used
 * or issued numbers from a POS screen), then the warnings.
 */
export function notesOf(parsed: RangeParseResult): string[] {
  return [...parsed.leftOut.map((part) => part.message), ...parsed.warnings.map((warning) => warning.message)];
}

export function periodOf(state: { periodKey: string }): Period {
  return periodFromKey(state.periodKey) as Period;
}

/** Asks the current upload question again (after a tap on an old card). */
export async function promptUpload(ctx: StepContext, state: UploadState): Promise<Outcome> {
  const store = 'storeId' in state ? await storeById(ctx.trx, state.storeId) : undefined;
  switch (state.step) {
    case 'upload.store':
      return askStore(ctx, await storesOf(ctx.trx, ctx.lineUserId), state.failures);
    case 'upload.period':
      return store ? askPeriod(ctx, store, state.failures) : mainMenu(ctx);
    case 'upload.ranges':
      return askRanges(ctx, state.storeId, periodOf(state), state.failures);
    case 'upload.confirm': {
      const ranges = state.ranges.map(([track, start, end]) => ({ track, start, end }));
      return showConfirmation(ctx, state.storeId, state.periodKey, ranges, []);
    }
  }
}

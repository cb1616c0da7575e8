import type { Store, StorePeriod } from '../../db/schema.ts';
import { formatCount } from '../../invoice/messages.ts';
import { parseRanges } from '../../invoice/parse-ranges.ts';
import { formatOwnerLabel, parsePeriod, periodFromKey, periodKey, type Period } from '../../invoice/period.ts';
import { formatRange, rangeCount, type InvoiceRange } from '../../invoice/range.ts';
import type { LineMessage } from '../../line/line-api.ts';
import { queueSubmission } from '../../jobs/submissions.ts';
import { changesNothing, isCorrectable, planCorrection, rangeOfRow } from '../../stores/correction.ts';
import { applyCorrection, recentPeriodsOf, storeById, storePeriod, storesOf, uploadedRangesOf } from '../../stores/repository.ts';
import { movePeriod, ON_PLATFORM_STATES } from '../../stores/period-status.ts';
import { commonCopy } from '../copy/common.ts';
import { correctCopy } from '../copy/correct.ts';
import { registerCopy } from '../copy/register.ts';
import { uploadCopy } from '../copy/upload.ts';
import { outcome, type Outcome, type StepContext } from '../context.ts';
import { CANCEL_CHOICE, linkCard, MENU_CHOICES, textMessage, type Choice } from '../messages.ts';
import type { Postback } from '../postback.ts';
import { IDLE, type ConversationState, type StoredRange } from '../state.ts';
import { correctionCard } from './confirm-card.ts';
import { mainMenu } from './menu.ts';
import { notesOf } from './upload.ts';
import { retry } from './retry.ts';

type CorrectState = Extract<ConversationState, { step: `correct.${string}` }>;

/** How many recent periods of a store are offered for correction. */
const RECENT_PERIODS = 3;

const STATUS_FIRST: readonly Choice[] = [
  { label: commonCopy.buttons.status, text: commonCopy.buttons.status },
  ...MENU_CHOICES.filter((choice) => choice.label !== commonCopy.buttons.status),
];

/**
 * Entry point: typed (「修改已上傳的號碼」), or a button that names the store and period
 * (狀態, the 已送出 and ✅ messages). Asks for the store and the period only when needed.
 */
export async function startCorrection(ctx: StepContext, storeId?: string, key?: string): Promise<Outcome> {
  const stores = await storesOf(ctx.trx, ctx.lineUserId);
  if (stores.length === 0) {
    return outcome(IDLE, [textMessage(uploadCopy.noStore)], [{ label: commonCopy.buttons.registerStore, text: commonCopy.buttons.registerStore }]);
  }
  if (storeId !== undefined || key !== undefined) {
    // Only the owner's own stores: postback data is not a credential.
    const store = stores.find((candidate) => candidate.id === storeId);
    const period = key ? periodFromKey(key) : null;
    return store && period ? choosePeriod(ctx, store, period) : mainMenu(ctx);
  }
  if (stores.length === 1) return askPeriod(ctx, stores[0] as Store, 0);
  const candidates = (await Promise.all(stores.map(async (store) => (await correctableKeys(ctx, store)).map((k) => ({ store, k }))))).flat();
  const only = candidates.length === 1 ? candidates[0] : undefined;
  return only ? choosePeriod(ctx, only.store, periodFromKey(only.k) as Period) : askStore(ctx, stores, 0);
}

export async function continueCorrection(ctx: StepContext, state: CorrectState, text: string | null, postback: Postback | null): Promise<Outcome> {
  switch (state.step) {
    case 'correct.store':
      return receiveStore(ctx, state, postback);
    case 'correct.period':
      return receivePeriod(ctx, state, text, postback);
    case 'correct.ranges':
      return receiveRanges(ctx, state, text, postback);
    case 'correct.confirm':
      return receiveConfirmation(ctx, state, text, postback);
  }
}

/** Asks the current correction question again (after a tap on an old card). */
export async function promptCorrection(ctx: StepContext, state: CorrectState): Promise<Outcome> {
  if (state.step === 'correct.store') return askStore(ctx, await storesOf(ctx.trx, ctx.lineUserId), state.failures);
  const store = await storeById(ctx.trx, state.storeId);
  if (!store) return mainMenu(ctx);
  switch (state.step) {
    case 'correct.period':
      return askPeriod(ctx, store, state.failures);
    case 'correct.ranges':
      return choosePeriod(ctx, store, periodOf(state), state.failures);
    case 'correct.confirm':
      return showChanges(ctx, store, periodOf(state), unstored(state.ranges), []);
  }
}

async function correctableKeys(ctx: StepContext, store: Store): Promise<string[]> {
  return (await recentPeriodsOf(ctx.trx, store.id, RECENT_PERIODS)).filter((row) => isCorrectable(row.state)).map((row) => row.period_key);
}

function askStore(ctx: StepContext, stores: readonly Store[], failures: number): Outcome {
  const choices: Choice[] = stores.slice(0, 12).map((store) => ({ label: store.display_name, postback: 'store', nonce: ctx.nonce, params: { s: store.id } }));
  return outcome({ step: 'correct.store', failures }, [textMessage(correctCopy.chooseStore)], [...choices, CANCEL_CHOICE]);
}

async function receiveStore(ctx: StepContext, state: Extract<CorrectState, { step: 'correct.store' }>, postback: Postback | null): Promise<Outcome> {
  const stores = await storesOf(ctx.trx, ctx.lineUserId);
  const store = stores.find((candidate) => candidate.id === postback?.params.s);
  return store ? askPeriod(ctx, store, 0) : askStore(ctx, stores, state.failures + 1);
}

/** The store's recent uploaded periods: none → nothing to correct; one → that one; more → the owner picks. */
async function askPeriod(ctx: StepContext, store: Store, failures: number): Promise<Outcome> {
  const keys = await correctableKeys(ctx, store);
  if (keys.length === 0) {
    const inProgress = (await recentPeriodsOf(ctx.trx, store.id, RECENT_PERIODS)).find((row) => row.state === 'queued');
    if (inProgress) return refuse(store, formatOwnerLabel(periodFromKey(inProgress.period_key) as Period), inProgress) as Outcome;
    return outcome(IDLE, [textMessage(correctCopy.nothingUploaded(store.display_name))], MENU_CHOICES);
  }
  if (keys.length === 1 && failures === 0) return choosePeriod(ctx, store, periodFromKey(keys[0] as string) as Period);
  return outcome({ step: 'correct.period', storeId: store.id, failures }, [textMessage(correctCopy.choosePeriod(store.display_name))], [
    ...periodChoices(ctx, keys),
    CANCEL_CHOICE,
  ]);
}

function periodChoices(ctx: StepContext, keys: readonly string[]): Choice[] {
  return keys.map((key) => ({ label: formatOwnerLabel(periodFromKey(key) as Period), postback: 'period', nonce: ctx.nonce, params: { p: key } }));
}

async function receivePeriod(ctx: StepContext, state: Extract<CorrectState, { step: 'correct.period' }>, text: string | null, postback: Postback | null): Promise<Outcome> {
  const store = await storeById(ctx.trx, state.storeId);
  if (!store) return mainMenu(ctx);
  const period = postback?.action === 'period' ? periodFromKey(postback.params.p ?? '') : text ? parsePeriod(text, ctx.now) : null;
  if (!period) return retry(state, uploadCopy.periodUnreadable, uploadCopy.periodExample, periodChoices(ctx, await correctableKeys(ctx, store)));
  return choosePeriod(ctx, store, period);
}

/** Shows what was uploaded for the period and asks for the complete right list. */
async function choosePeriod(ctx: StepContext, store: Store, period: Period, failures = 0, lead?: string): Promise<Outcome> {
  const label = formatOwnerLabel(period);
  const row = await storePeriod(ctx.trx, store.id, periodKey(period));
  const refusal = refuse(store, label, row);
  if (refusal) return refusal;
  const uploaded = (await uploadedRangesOf(ctx.trx, (row as StorePeriod).id)).map(rangeOfRow);
  const lines = uploaded.map((range) => correctCopy.uploadedLine(formatRange(range), formatCount(rangeCount(range))));
  const text = [lead, correctCopy.uploaded(store.display_name, label, lines), '', correctCopy.askRanges].filter((part) => part !== undefined).join('\n');
  return outcome({ step: 'correct.ranges', storeId: store.id, periodKey: periodKey(period), failures }, [textMessage(text)], rangeChoices(ctx));
}

/** Why this period cannot be corrected now, if it cannot. */
function refuse(store: Store, label: string, row: StorePeriod | undefined): Outcome | null {
  if (isCorrectable(row?.state)) return null;
  if (row?.state === 'queued') return outcome(IDLE, [textMessage(correctCopy.busy(store.display_name, label))], STATUS_FIRST);
  return outcome(IDLE, [textMessage(correctCopy.notUploaded(store.display_name, label))], MENU_CHOICES);
}

function rangeChoices(ctx: StepContext): Choice[] {
  return [{ label: uploadCopy.howToButton, postback: 'howto', nonce: ctx.nonce }, CANCEL_CHOICE];
}

async function receiveRanges(
  ctx: StepContext,
  state: Extract<CorrectState, { step: 'correct.ranges' | 'correct.confirm' }>,
  text: string | null,
  postback: Postback | null,
): Promise<Outcome> {
  if (postback?.action === 'howto') return outcome(state, [textMessage(uploadCopy.howTo)], rangeChoices(ctx));
  const store = await storeById(ctx.trx, state.storeId);
  if (!store) return mainMenu(ctx);
  if (text === null) return choosePeriod(ctx, store, periodOf(state), state.failures);
  const parsed = parseRanges(text);
  if (parsed.problems.length > 0) {
    const back: ConversationState = { step: 'correct.ranges', storeId: state.storeId, periodKey: state.periodKey, failures: state.failures };
    return retry(back, uploadCopy.rangeProblems(parsed.problems.map((p) => p.message)), 'MM16937074-16937099', rangeChoices(ctx).slice(0, 1));
  }
  return showChanges(ctx, store, periodOf(state), parsed.ranges, notesOf(parsed));
}

/** The card of what changes; when nothing does, says so. */
async function showChanges(ctx: StepContext, store: Store, period: Period, wanted: readonly InvoiceRange[], warnings: string[]): Promise<Outcome> {
  const label = formatOwnerLabel(period);
  const row = await storePeriod(ctx.trx, store.id, periodKey(period));
  const refusal = refuse(store, label, row);
  if (refusal) return refusal;
  const plan = planCorrection((await uploadedRangesOf(ctx.trx, (row as StorePeriod).id)).map(rangeOfRow), wanted);
  if (changesNothing(plan)) return outcome(IDLE, [textMessage(correctCopy.unchanged(store.display_name, label))], STATUS_FIRST);
  const buttons = {
    confirm: { label: correctCopy.confirmButton, postback: 'confirm' as const, nonce: ctx.nonce },
    edit: { label: correctCopy.editButton, postback: 'edit' as const, nonce: ctx.nonce },
    cancel: { label: commonCopy.buttons.cancel, postback: 'cancel' as const, nonce: ctx.nonce },
  };
  const card = correctionCard(store, period, plan, buttons);
  const messages = warnings.length > 0 ? [textMessage(uploadCopy.rangeWarnings(warnings)), card] : [card];
  const stored: StoredRange[] = wanted.map((r) => [r.track, r.start, r.end]);
  const state: ConversationState = { step: 'correct.confirm', storeId: store.id, periodKey: periodKey(period), ranges: stored, failures: 0 };
  return outcome(state, messages, [buttons.confirm, buttons.edit, CANCEL_CHOICE]);
}

async function receiveConfirmation(ctx: StepContext, state: Extract<CorrectState, { step: 'correct.confirm' }>, text: string | null, postback: Postback | null): Promise<Outcome> {
  if (postback?.action === 'confirm') return confirmCorrection(ctx, state, postback.nonce ?? ctx.nonce);
  if (postback?.action === 'edit') {
    const store = await storeById(ctx.trx, state.storeId);
    return store ? choosePeriod(ctx, store, periodOf(state), 0, correctCopy.editPrompt) : mainMenu(ctx);
  }
  // A new list typed at the card replaces the old one.
  return receiveRanges(ctx, state, text, postback);
}

/** Makes the list the period's ranges and queues the job that deletes, then adds. */
async function confirmCorrection(ctx: StepContext, state: Extract<CorrectState, { step: 'correct.confirm' }>, cardNonce: string): Promise<Outcome> {
  const store = await storeById(ctx.trx, state.storeId);
  if (!store) return mainMenu(ctx);
  const label = formatOwnerLabel(periodOf(state));
  const row = await storePeriod(ctx.trx, store.id, state.periodKey);
  // The period may have moved on since the card was drawn.
  const refusal = refuse(store, label, row);
  if (refusal || !row) return refusal ?? mainMenu(ctx);
  const plan = await applyCorrection(ctx.trx, row.id, unstored(state.ranges), ctx.now);
  if (changesNothing(plan)) return outcome(IDLE, [textMessage(correctCopy.unchanged(store.display_name, label))], STATUS_FIRST);
  await movePeriod(ctx.trx, row.id, { from: ON_PLATFORM_STATES, to: 'queued' }, ctx.now);
  await queueSubmission(ctx.trx, row.id, ctx.now, cardNonce);
  const messages: LineMessage[] = [textMessage(correctCopy.queued(store.display_name, label))];
  if (!store.sealed_credentials) {
    const link = await ctx.deps.issueCredentialLink(ctx.trx, { storeId: store.id, lineUserId: ctx.lineUserId });
    messages.push(linkCard(uploadCopy.queuedNeedsCredentials, registerCopy.credentialsButton, link));
  }
  return outcome(IDLE, messages, MENU_CHOICES);
}

function periodOf(state: { periodKey: string }): Period {
  return periodFromKey(state.periodKey) as Period;
}

function unstored(ranges: readonly StoredRange[]): InvoiceRange[] {
  return ranges.map(([track, start, end]) => ({ track, start, end }));
}

// A photo of the POS screen, read, answered like typed numbers: the same card when everything was read
// with confidence; otherwise what was not, plainly, and no 確認上傳 until the owner has typed it right.
import type { Store } from '../../db/schema.ts';
import { formatCount } from '../../invoice/messages.ts';
import { formatInvoiceNumber } from '../../invoice/invoice-number.ts';
import { formatRange, rangeCount, type InvoiceRange } from '../../invoice/range.ts';
import { storesOf } from '../../stores/repository.ts';
import { commonCopy } from '../copy/common.ts';
import { photoCopy } from '../copy/photo.ts';
import { uploadCopy } from '../copy/upload.ts';
import { outcome, type Outcome, type StepContext } from '../context.ts';
import { CANCEL_CHOICE, textMessage, type Choice } from '../messages.ts';
import type { PhotoResult } from '../photo-reading.ts';
import type { PhotoStep } from '../photo-steps.ts';
import type { Postback } from '../postback.ts';
import { IDLE, type PendingPhoto, type StoredRange } from '../state.ts';
import { askPeriod, askStore, dueRangesState, noStore, showConfirmation, type RangesState } from './upload.ts';

type RangesOrCard = Extract<PhotoStep, { step: 'upload.ranges' | 'upload.confirm' }>;

/** A photo at a step that takes one (see photo-steps.ts). */
export async function photoAtStep(ctx: StepContext, state: PhotoStep, photo: PhotoResult): Promise<Outcome> {
  if (state.step === 'idle') return photoAtIdle(ctx, photo);
  return receivePhoto(ctx, rangesStateOf(state), photo);
}

function rangesStateOf(state: RangesOrCard): RangesState {
  return { step: 'upload.ranges', storeId: state.storeId, periodKey: state.periodKey, failures: state.failures };
}

/**
 * With no step open a photo starts an upload, as pasted numbers do: the period due now of the one
 * store; the store or the period is asked first only when needed, and the numbers wait for it.
 */
async function photoAtIdle(ctx: StepContext, photo: PhotoResult): Promise<Outcome> {
  const stores = await storesOf(ctx.trx, ctx.lineUserId);
  if (stores.length === 0) return noStore();
  const numbers = numbersOf(photo);
  if (stores.length > 1) return numbers ? askStore(ctx, stores, 0, { photo: numbers }) : cannotReadAtIdle(photo);
  const store = stores[0] as Store;
  const due = await dueRangesState(ctx, store);
  if (due) return numbers ? receivePhotoNumbers(ctx, due, numbers) : cannotRead(ctx, due, photo);
  return numbers ? askPeriod(ctx, store, 0, { photo: numbers }) : cannotReadAtIdle(photo);
}

function receivePhoto(ctx: StepContext, state: RangesState, photo: PhotoResult): Promise<Outcome> | Outcome {
  const numbers = numbersOf(photo);
  return numbers ? receivePhotoNumbers(ctx, state, numbers) : cannotRead(ctx, state, photo);
}

/** What the photo showed, kept small for the state; null when nothing usable was read. */
function numbersOf(photo: PhotoResult): PendingPhoto | null {
  if (photo.kind !== 'read' || photo.reading.unreadable) return null;
  const { ranges, doubts, leftOut } = photo.reading;
  if (ranges.length === 0 && doubts.length === 0 && leftOut.length === 0) return null;
  return {
    ranges: ranges.map((range): StoredRange => [range.track, range.start, range.end]),
    doubts: doubts.map(({ text, reason }) => ({ text, reason })),
    leftOut: leftOut.map((part) => part.message),
  };
}

/**
 * The numbers of a photo at the ranges step. Everything read with confidence: the card, saying
 * the numbers came from the photo. Anything unsure: no card — a partial list must not be one tap
 * from the platform — but what was and was not read, and the owner types or photographs it again.
 */
export async function receivePhotoNumbers(ctx: StepContext, state: RangesState, numbers: PendingPhoto): Promise<Outcome> {
  const ranges = numbers.ranges.map(([track, start, end]): InvoiceRange => ({ track, start, end }));
  if (numbers.doubts.length > 0) return showDoubts(ctx, state, ranges, numbers);
  if (ranges.length === 0) return allUsed(ctx, state, numbers.leftOut);
  return showConfirmation(ctx, state.storeId, state.periodKey, ranges, numbers.leftOut, photoCopy.fromPhoto);
}

function showDoubts(ctx: StepContext, state: RangesState, ranges: readonly InvoiceRange[], numbers: PendingPhoto): Outcome {
  const readClearly = ranges.length > 0 ? [photoCopy.readClearly, ...ranges.map(rangeWithCount)] : [];
  const doubts = numbers.doubts.map((doubt) => photoCopy.doubt[doubt.reason](doubt.text));
  const leftOut = numbers.leftOut.map((line) => `• ${line}`);
  const askedAboutLabels = numbers.doubts.some((doubt) => doubt.reason === 'label-unclear');
  const explanation = [photoCopy.fromPhoto, ...readClearly, ...doubts, ...leftOut, '', photoCopy.doubtsNextStep(askedAboutLabels)].join('\n');
  // Its own bubble, so a long press copies just the numbers, to be corrected and sent back.
  const readText = [...ranges.map(typedRange), ...numbers.doubts.map((doubt) => doubt.text)].join('\n');
  const choices = [typeChoice(ctx, photoCopy.buttons.typeThem, true), retakeChoice(ctx), CANCEL_CHOICE];
  return outcome({ ...state, failures: 0 }, [textMessage(explanation), textMessage(readText)], choices);
}

/** Only used numbers on the photo: maybe the period has no blank ones, maybe the photo missed them. */
function allUsed(ctx: StepContext, state: RangesState, leftOut: readonly string[]): Outcome {
  const nothing: Choice = { label: uploadCopy.nothingButton, postback: 'nothing', nonce: ctx.nonce };
  const choices = [nothing, retakeChoice(ctx), typeChoice(ctx, photoCopy.buttons.typeInstead), CANCEL_CHOICE];
  return outcome(state, [textMessage(photoCopy.allUsed(leftOut))], choices);
}

function cannotRead(ctx: StepContext, state: RangesState, photo: PhotoResult): Outcome {
  const howTo: Choice = { label: uploadCopy.howToButton, postback: 'howto', nonce: ctx.nonce };
  const choices = [retakeChoice(ctx), typeChoice(ctx, photoCopy.buttons.typeInstead), howTo, CANCEL_CHOICE];
  return outcome(state, [textMessage(cannotReadText(photo))], choices);
}

/** No upload could be started (several stores, or the period due now is done): the owner starts one. */
function cannotReadAtIdle(photo: PhotoResult): Outcome {
  const choices: Choice[] = [
    { label: commonCopy.buttons.upload, text: commonCopy.buttons.upload },
    { label: uploadCopy.howToButton, text: uploadCopy.howToButton },
    CANCEL_CHOICE,
  ];
  return outcome(IDLE, [textMessage(cannotReadText(photo))], choices);
}

function cannotReadText(photo: PhotoResult): string {
  return photo.kind === 'not-received' ? photoCopy.notReceived : photoCopy.unreadable;
}

/** 重拍一張. */
export function askRetake(ctx: StepContext, state: RangesState | Extract<PhotoStep, { step: 'upload.confirm' }>): Outcome {
  return outcome(rangesStateOf(state), [textMessage(photoCopy.retake)], [typeChoice(ctx, photoCopy.buttons.typeInstead), CANCEL_CHOICE]);
}

/** 修改號碼 / 改用打字: the owner types the numbers; after doubts, what was read is in the chat to copy. */
export function askToType(ctx: StepContext, state: RangesState | Extract<PhotoStep, { step: 'upload.confirm' }>, postback: Postback): Outcome {
  const howTo: Choice = { label: uploadCopy.howToButton, postback: 'howto', nonce: ctx.nonce };
  const readTextAbove = postback.params[READ_TEXT_SHOWN] === '1';
  return outcome(rangesStateOf(state), [textMessage(photoCopy.typeThem(readTextAbove))], [howTo, CANCEL_CHOICE]);
}

function retakeChoice(ctx: StepContext): Choice {
  return { label: photoCopy.buttons.retake, postback: 'retake', nonce: ctx.nonce };
}

/** Postback parameter of 修改號碼: the reading was shown, so the prompt may point at it. */
const READ_TEXT_SHOWN = 'r';

function typeChoice(ctx: StepContext, label: string, readTextShown = false): Choice {
  return { label, postback: 'typeNumbers', nonce: ctx.nonce, ...(readTextShown ? { params: { [READ_TEXT_SHOWN]: '1' } } : {}) };
}

function rangeWithCount(range: InvoiceRange): string {
  return `${formatRange(range)}（${uploadCopy.count(formatCount(rangeCount(range)))}）`;
}

/** As an owner types a range, so the copied text reads back as it is. */
function typedRange(range: InvoiceRange): string {
  const start = formatInvoiceNumber(range.track, range.start);
  return range.start === range.end ? start : `${start}-${formatInvoiceNumber(range.track, range.end).slice(range.track.length)}`;
}

// 「刪除我的資料」 and 「刪除這家店」: one question that says what goes and what stays, then 確定刪除
// erases it in the event's own transaction and says so in the one reply.
import type { Store } from '../../db/schema.ts';
import { eraseOwner, eraseStore, uploadsInProgress } from '../../stores/erase.ts';
import { storeById, storesOf } from '../../stores/repository.ts';
import { commonCopy } from '../copy/common.ts';
import { eraseCopy } from '../copy/erase.ts';
import { outcome, type Outcome, type StepContext } from '../context.ts';
import { textMessage, type Choice } from '../messages.ts';
import type { Postback } from '../postback.ts';
import { IDLE, withFailure, type ConversationState } from '../state.ts';
import { mainMenu } from './menu.ts';

type EraseState = Extract<ConversationState, { step: `erase.${string}` }>;

const START_OVER: Choice = { label: commonCopy.buttons.registerStore, text: commonCopy.buttons.registerStore };

function confirmChoice(ctx: StepContext): Choice {
  return { label: eraseCopy.confirmButton, postback: 'erase', nonce: ctx.nonce };
}

/** A tap, not the typed word: while a captcha is shown, a typed 取消 would stop that upload instead. */
function cancelChoice(ctx: StepContext): Choice {
  return { label: commonCopy.buttons.cancel, postback: 'cancel', nonce: ctx.nonce };
}

/** 「刪除我的資料」: what goes (stores, our copy of the password, numbers, chat, images) and what stays. */
export async function askEraseMe(ctx: StepContext, failures = 0): Promise<Outcome> {
  const stores = await storesOf(ctx.trx, ctx.lineUserId);
  const uploading = await uploadsInProgress(ctx.trx, stores.map((store) => store.id));
  const text = eraseCopy.askMe(stores.map((store) => store.display_name), uploading);
  return outcome({ step: 'erase.me', failures }, [textMessage(text)], [confirmChoice(ctx), cancelChoice(ctx)]);
}

/** 「刪除這家店」 (from 商店設定): the same question for one store. */
export async function askEraseStore(ctx: StepContext, store: Store, failures = 0): Promise<Outcome> {
  const text = eraseCopy.askStore(store.display_name, await uploadsInProgress(ctx.trx, [store.id]));
  return outcome({ step: 'erase.store', storeId: store.id, failures }, [textMessage(text)], [confirmChoice(ctx), cancelChoice(ctx)]);
}

export async function continueErase(ctx: StepContext, state: EraseState, postback: Postback | null): Promise<Outcome> {
  if (postback?.action !== 'erase') {
    const next = withFailure(state);
    return outcome(next, [textMessage(eraseCopy.unclear)], [confirmChoice(ctx), cancelChoice(ctx)]);
  }
  return state.step === 'erase.me' ? eraseMe(ctx) : eraseOneStore(ctx, state.storeId);
}

/** Asks again (after a tap on an old card, or a step picked up again). */
export async function promptErase(ctx: StepContext, state: EraseState): Promise<Outcome> {
  if (state.step === 'erase.me') return askEraseMe(ctx, state.failures);
  const store = await ownStore(ctx, state.storeId);
  return store ? askEraseStore(ctx, store, state.failures) : mainMenu(ctx);
}

/** Nothing of the owner is left to save the step in: the engine sends the reply by its token alone. */
async function eraseMe(ctx: StepContext): Promise<Outcome> {
  await eraseOwner(ctx.trx, ctx.lineUserId, ctx.now);
  return { ...outcome(IDLE, [textMessage(eraseCopy.meErased)], [START_OVER]), forgotten: true };
}

async function eraseOneStore(ctx: StepContext, storeId: string): Promise<Outcome> {
  const store = await ownStore(ctx, storeId);
  if (!store) return mainMenu(ctx);
  await eraseStore(ctx.trx, store.id, ctx.now);
  return mainMenu(ctx, eraseCopy.storeErased(store.display_name));
}

/** Only the owner's own store: a step's store id is not a credential. */
async function ownStore(ctx: StepContext, storeId: string): Promise<Store | undefined> {
  const store = await storeById(ctx.trx, storeId);
  return store?.owner_line_user_id === ctx.lineUserId ? store : undefined;
}

import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import type { EventHandler } from '../line/inbox-dispatcher.ts';
import { redactEventText } from '../line/inbox.ts';
import { enqueueMessages, REPLY_TOKEN_LIFETIME_MS } from '../line/outbox.ts';
import { lineUserIdOf, type WebhookEvent } from '../line/webhook-events.ts';
import type { Logger } from '../log.ts';
import { ensureOwner, storeById } from '../stores/repository.ts';
import { ERASED_OWNER, ownerCameBack, standDownOwner } from '../stores/erase.ts';
import { captchaReply } from '../jobs/captcha-reply.ts';
import { answerOwner, holdReply } from '../jobs/held-replies.ts';
import { commonCopy } from './copy/common.ts';
import { photoCopy } from './copy/photo.ts';
import { eraseCopy } from './copy/erase.ts';
import type { ConversationDeps, Outcome, StepContext } from './context.ts';
import { outcome } from './context.ts';
import { continueRegistration, promptRegistration, startRegistration } from './flows/register.ts';
import { continueSettings, promptSettings, startSettings } from './flows/settings.ts';
import { continueUpload, howTo, nothingFromText, promptUpload, startUpload, uploadFromText } from './flows/upload.ts';
import { continueCorrection, promptCorrection, startCorrection } from './flows/correct.ts';
import { askEraseMe, askEraseStore, continueErase, promptErase } from './flows/erase.ts';
import { help, mainMenu, status, welcome } from './flows/menu.ts';
import { checkFromText, fixFromText, periodAction, undoNothingFromText, type PeriodActionName } from './flows/period-actions.ts';
import { photoAtStep } from './flows/photo.ts';
import { commandOf, looksLikePassword, type Command } from './intents.ts';
import { textMessage, withChoices } from './messages.ts';
import { loadConversation, newNonce, saveConversation, type LoadedConversation } from './persistence.ts';
import type { PhotoPreparation } from './photo-reading.ts';
import { photoStepOf } from './photo-steps.ts';
import { decodePostback, type Postback } from './postback.ts';
import { IDLE, type ConversationState } from './state.ts';

export interface ConversationOptions extends ConversationDeps {
  readonly clock: Clock;
  readonly log: Logger;
  /** A reply token was held for work that answers in a few seconds: show the owner it is coming. */
  readonly onHeld?: (lineUserId: string) => void;
}

/**
 * The owner's dialog as one event handler: load the owner's state, take one
 * step, save the new state and queue the answer — all in the inbox's transaction.
 */
export function createConversationHandler(options: ConversationOptions): EventHandler<PhotoPreparation> {
  return async (event, trx, prepared) => {
    const lineUserId = lineUserIdOf(event);
    if (!lineUserId) return;
    const now = options.clock.now();
    if (event.type === 'unfollow') {
      await ensureOwner(trx, lineUserId, now, false);
      await saveConversation(trx, lineUserId, IDLE, newNonce(), now);
      // Nothing more goes to them; their data waits RETENTION_AFTER_UNFOLLOW for them to come back.
      await standDownOwner(trx, lineUserId, now);
      return;
    }
    await ensureOwner(trx, lineUserId, now);
    if (event.type === 'follow') await ownerCameBack(trx, lineUserId);
    const loaded = await loadConversation(trx, lineUserId, now);
    const ctx: StepContext = { trx, lineUserId, now, nonce: newNonce(), deps: options };
    // While the platform's captcha is shown to this owner, their answer goes to its job, not the conversation.
    if (event.type === 'message' && event.message.type === 'text') {
      const reply = await captchaReply(trx, lineUserId, event.message.text, now);
      if (reply) {
        const said = reply.holdFor ? { ...outcome(loaded.state, reply.messages, []), hold: { purpose: reply.holdFor, fallback: reply.fallback ?? [] } } : outcome(loaded.state, reply.messages, reply.choices);
        await answerEvent(trx, event, lineUserId, said, now, options);
        return;
      }
    }
    const result = await step(ctx, loaded, event, prepared);
    if (!result) return;
    if (result.forgotten) return answerForgotten(trx, event, result, now, options.log);
    await saveConversation(trx, lineUserId, result.state, ctx.nonce, now);
    // A photo's reply token was held while it was read: the answer takes it from there.
    if (prepared?.heldFor) return answerByHeldToken(trx, lineUserId, result, prepared.heldFor, now);
    await answerEvent(trx, event, lineUserId, result, now, options);
  };
}

async function step(ctx: StepContext, loaded: LoadedConversation, event: WebhookEvent, prepared: PhotoPreparation | undefined): Promise<Outcome | null> {
  switch (event.type) {
    case 'follow':
      return welcome(ctx);
    case 'postback':
      return onPostback(ctx, loaded, decodePostback(event.postback.data));
    case 'message':
      if (event.message.type === 'image') return onPhoto(ctx, loaded, prepared);
      if (event.message.type !== 'text') return withLead(await currentPrompt(ctx, loaded.state), commonCopy.textOnly);
      return onText(ctx, loaded, event.message.text, event.webhookEventId);
    default:
      return null;
  }
}

/** A photo, read before this step when the owner was where a photo continues (see photo-steps.ts). */
async function onPhoto(ctx: StepContext, loaded: LoadedConversation, prepared: PhotoPreparation | undefined): Promise<Outcome> {
  const state = photoStepOf(loaded);
  // Not prepared at such a step only when reading it failed outright: the owner is asked again.
  if (state && ctx.deps.readsPhotos) return photoAtStep(ctx, state, prepared?.photo ?? { kind: 'not-read' });
  return withLead(await currentPrompt(ctx, loaded.state), ctx.deps.readsPhotos ? photoCopy.notHere : commonCopy.photoNotYet);
}

/**
 * Typed text. Commands work from anywhere; everything else continues the current step. A step
 * left alone past its 30 minutes is picked up again by what the owner types (their pasted ranges
 * are never thrown away); only its old buttons stop working.
 */
async function onText(ctx: StepContext, loaded: LoadedConversation, text: string, eventId: string): Promise<Outcome> {
  const command = commandOf(text);
  // Typing picks a timed-out step up again, but never a question about deleting: a yes to it is asked again.
  const staleErase = loaded.timedOut && (loaded.expired?.step === 'erase.me' || loaded.expired?.step === 'erase.store') ? loaded.expired : null;
  if (staleErase) return command === 'yes' ? withLead(await promptErase(ctx, staleErase), eraseCopy.askAgain) : onText(ctx, { ...loaded, expired: null }, text, eventId);
  const state = loaded.timedOut ? (loaded.expired ?? IDLE) : loaded.state;
  const inStep = command ? await commandInStep(ctx, state, command) : null;
  if (inStep) return inStep;
  if (command) return runCommand(ctx, state, command);
  if (looksLikePassword(text)) return warnAboutPassword(ctx, state, eventId);
  if (state.step === 'idle') return idleText(ctx, text);
  return continueStep(ctx, state, text, null);
}

/** Words that mean something particular at the current step (沒有 at the ranges, 是 at a question, …). */
async function commandInStep(ctx: StepContext, state: ConversationState, command: Command): Promise<Outcome | null> {
  switch (state.step) {
    case 'upload.ranges':
      return command === 'nothing' || command === 'howto' ? continueUpload(ctx, state, null, { action: command, params: {} }) : null;
    case 'upload.confirm':
      return command === 'confirm' || command === 'yes' ? continueUpload(ctx, state, null, { action: 'confirm', nonce: ctx.nonce, params: {} }) : null;
    case 'correct.ranges':
      return command === 'howto' ? continueCorrection(ctx, state, null, { action: command, params: {} }) : null;
    case 'correct.confirm':
      return command === 'confirm' || command === 'yes' ? continueCorrection(ctx, state, null, { action: 'confirm', nonce: ctx.nonce, params: {} }) : null;
    case 'register.branch':
      return command === 'no' || command === 'nothing' || command === 'yes' ? continueRegistration(ctx, state, null, { action: command === 'yes' ? 'branch' : 'noBranch', params: {} }) : null;
    case 'nothing.confirm':
      return command === 'yes' || command === 'nothing' ? periodAction(ctx, 'confirmNothing', state.storeId, state.periodKey) : null;
    case 'erase.me':
    case 'erase.store':
      return command === 'yes' ? continueErase(ctx, state, { action: 'erase', nonce: ctx.nonce, params: {} }) : null;
    case 'settings.menu': {
      const store = command === 'deleteStore' ? await storeById(ctx.trx, state.storeId) : undefined;
      return store ? askEraseStore(ctx, store) : null;
    }
    default:
      return null;
  }
}

/** Free text with no step open: pasted ranges start an upload with them; anything else gets the menu. */
async function idleText(ctx: StepContext, text: string): Promise<Outcome> {
  const started = await uploadFromText(ctx, text);
  return started ?? mainMenu(ctx, commonCopy.notUnderstood);
}

async function onPostback(ctx: StepContext, loaded: LoadedConversation, postback: Postback | null): Promise<Outcome> {
  if (!postback) return mainMenu(ctx, commonCopy.notUnderstood);
  if (loaded.timedOut && postback.nonce) return withLead(await currentPrompt(ctx, loaded.expired ?? IDLE), commonCopy.expiredButton);
  if (!postback.nonce && isPeriodAction(postback.action)) return periodAction(ctx, postback.action, postback.params.s, postback.params.p);
  if (!postback.nonce && postback.action === 'correct') return startCorrection(ctx, postback.params.s, postback.params.p);
  const global = globalCommand(postback);
  if (global) return global === 'start' ? startUpload(ctx, postback.params.s, postback.params.p) : runCommand(ctx, loaded.state, global);
  if (postback.nonce !== loaded.nonce) return withLead(await currentPrompt(ctx, loaded.state), commonCopy.staleCard);
  if (postback.action === 'cancel') return runCommand(ctx, loaded.state, 'cancel');
  return continueStep(ctx, loaded.state, null, postback);
}

function isPeriodAction(action: string): action is PeriodActionName {
  return ['nothing', 'confirmNothing', 'undoNothing', 'retry', 'verify', 'proof', 'fix'].includes(action);
}

/** Menu buttons (rich menu, reminders) carry no nonce and work from anywhere. */
function globalCommand(postback: Postback): Command | 'start' | null {
  if (postback.nonce) return null;
  switch (postback.action) {
    case 'menu':
    case 'upload':
    case 'status':
    case 'settings':
    case 'help':
    case 'register':
    case 'cancel':
      return postback.action;
    case 'start':
      return 'start';
    default:
      return null;
  }
}

async function runCommand(ctx: StepContext, state: ConversationState, command: Command): Promise<Outcome> {
  switch (command) {
    case 'cancel':
      return mainMenu(ctx, state.step === 'idle' ? commonCopy.nothingToCancel : commonCopy.cancelled);
    case 'menu':
      return mainMenu(ctx);
    case 'help':
      return help(ctx);
    case 'status':
      return status(ctx);
    case 'settings':
      return startSettings(ctx);
    case 'upload':
      return startUpload(ctx);
    case 'correct':
      return startCorrection(ctx);
    case 'register':
      return startRegistration();
    case 'retry':
    case 'fix':
      return fixFromText(ctx);
    case 'undo':
      return undoNothingFromText(ctx);
    case 'check':
      return checkFromText(ctx);
    case 'credentials':
      return startSettings(ctx, 'credentials');
    case 'nothing':
      return nothingFromText(ctx);
    case 'howto':
      return howTo(ctx);
    case 'erase':
      return askEraseMe(ctx);
    case 'deleteStore':
      return startSettings(ctx, 'delete');
    case 'confirm':
    case 'yes':
    case 'no':
      return state.step === 'idle' ? mainMenu(ctx, commonCopy.notUnderstood) : withLead(await currentPrompt(ctx, state), commonCopy.notUnderstood);
  }
}

async function continueStep(ctx: StepContext, state: ConversationState, text: string | null, postback: Postback | null): Promise<Outcome> {
  if (state.step === 'idle') return mainMenu(ctx, commonCopy.notUnderstood);
  if (state.step.startsWith('register.')) return continueRegistration(ctx, state as Parameters<typeof continueRegistration>[1], text, postback);
  if (state.step.startsWith('upload.')) return continueUpload(ctx, state as Parameters<typeof continueUpload>[1], text, postback);
  if (state.step.startsWith('correct.')) return continueCorrection(ctx, state as Parameters<typeof continueCorrection>[1], text, postback);
  if (state.step === 'nothing.confirm') return periodAction(ctx, 'nothing', state.storeId, state.periodKey);
  if (state.step === 'erase.me' || state.step === 'erase.store') return continueErase(ctx, state, postback);
  return continueSettings(ctx, state as Parameters<typeof continueSettings>[1], text, postback);
}

async function currentPrompt(ctx: StepContext, state: ConversationState): Promise<Outcome> {
  if (state.step === 'idle') return mainMenu(ctx);
  if (state.step.startsWith('register.')) return promptRegistration(ctx, state as Parameters<typeof promptRegistration>[1]);
  if (state.step.startsWith('upload.')) return promptUpload(ctx, state as Parameters<typeof promptUpload>[1]);
  if (state.step.startsWith('correct.')) return promptCorrection(ctx, state as Parameters<typeof promptCorrection>[1]);
  if (state.step === 'nothing.confirm') return periodAction(ctx, 'nothing', state.storeId, state.periodKey);
  if (state.step === 'erase.me' || state.step === 'erase.store') return promptErase(ctx, state);
  return promptSettings(ctx, state as Parameters<typeof promptSettings>[1]);
}

/**
 * A password typed into the chat, at any step (a store's name too): the owner is warned, the step
 * is asked again, and the text is wiped from the stored event in this same transaction, so it is
 * kept nowhere (the step never sees it, so neither does the saved state).
 */
async function warnAboutPassword(ctx: StepContext, state: ConversationState, eventId: string): Promise<Outcome> {
  await redactEventText(ctx.trx, eventId);
  return withLead(await currentPrompt(ctx, state), commonCopy.passwordWarning);
}

function withLead(result: Outcome, lead: string): Outcome {
  return outcome(result.state, [textMessage(lead), ...result.messages].slice(0, 5), result.choices);
}

/** Replies now — or holds the reply token for the work the step started, when it asked to. */
async function answerEvent(trx: Transaction<Database>, event: WebhookEvent, lineUserId: string, result: Outcome, now: Date, options: ConversationOptions): Promise<void> {
  const replyToken = 'replyToken' in event && typeof event.replyToken === 'string' ? event.replyToken : undefined;
  if (!result.hold || !replyToken) return queueAnswer(trx, event, lineUserId, result.hold ? { ...result, messages: [...result.messages, ...result.hold.fallback] } : result, now);
  const lead = result.messages.length > 0 ? withChoices(result.messages, []) : [];
  await holdReply(trx, { lineUserId, replyToken, issuedAt: new Date(event.timestamp), purpose: result.hold.purpose, lead, fallback: result.hold.fallback }, now);
  options.onHeld?.(lineUserId);
}

/**
 * The answer to 確定刪除 of 「刪除我的資料」: the owner's rows are gone, and so is this event's. The one
 * reply goes by its token under no name (a reply needs none), so no row holds the LINE user id;
 * a token already too old for a reply gets none, as a push would need their id.
 */
async function answerForgotten(trx: Transaction<Database>, event: WebhookEvent, result: Outcome, now: Date, log: Logger): Promise<void> {
  const replyToken = 'replyToken' in event && typeof event.replyToken === 'string' ? event.replyToken : undefined;
  const expiresAt = event.timestamp + REPLY_TOKEN_LIFETIME_MS;
  if (!replyToken || expiresAt <= now.getTime()) {
    log.warn('an owner\'s data was erased on request; the reply token had lapsed, so no confirmation was sent');
    return;
  }
  await enqueueMessages(
    trx,
    {
      lineUserId: `${ERASED_OWNER}:${randomUUID()}`,
      messages: withChoices(result.messages, result.choices),
      purpose: 'conversation:erased',
      urgent: true,
      replyToken,
      replyTokenExpiresAt: new Date(expiresAt),
    },
    now,
  );
}

/** A reply by the held token while it is fresh; a push once it lapsed or was spent on "still reading". */
async function answerByHeldToken(trx: Transaction<Database>, lineUserId: string, result: Outcome, heldFor: string, now: Date): Promise<void> {
  const messages = withChoices(result.messages, result.choices);
  await answerOwner(trx, { lineUserId, messages, outboxPurpose: `conversation:${result.state.step}`, heldFor: [heldFor] }, now);
}

async function queueAnswer(trx: Transaction<Database>, event: WebhookEvent, lineUserId: string, result: Outcome, now: Date): Promise<void> {
  const replyToken = 'replyToken' in event && typeof event.replyToken === 'string' ? event.replyToken : undefined;
  await enqueueMessages(
    trx,
    {
      lineUserId,
      messages: withChoices(result.messages, result.choices),
      purpose: `conversation:${result.state.step}`,
      urgent: true,
      ...(replyToken ? { replyToken, replyTokenExpiresAt: new Date(event.timestamp + REPLY_TOKEN_LIFETIME_MS) } : {}),
    },
    now,
  );
}

import type { Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import type { EventHandler } from '../line/inbox-dispatcher.ts';
import { enqueueMessages, REPLY_TOKEN_LIFETIME_MS } from '../line/outbox.ts';
import { lineUserIdOf, type WebhookEvent } from '../line/webhook-events.ts';
import type { Logger } from '../log.ts';
import { ensureOwner } from '../stores/repository.ts';
import { captchaAnswerIn, waitingCaptcha } from '../jobs/captcha-relay.ts';
import { captchaCopy } from '../jobs/copy/captcha.ts';
import { commonCopy } from './copy/common.ts';
import type { ConversationDeps, Outcome, StepContext } from './context.ts';
import { outcome } from './context.ts';
import { continueRegistration, promptRegistration, startRegistration } from './flows/register.ts';
import { continueSettings, promptSettings, startSettings } from './flows/settings.ts';
import { continueUpload, promptUpload, startUpload } from './flows/upload.ts';
import { continueCorrection, promptCorrection, startCorrection } from './flows/correct.ts';
import { help, mainMenu, status, welcome } from './flows/menu.ts';
import { periodAction } from './flows/period-actions.ts';
import { commandOf, looksLikePassword, type Command } from './intents.ts';
import { textMessage, withChoices } from './messages.ts';
import { loadConversation, newNonce, saveConversation, type LoadedConversation } from './persistence.ts';
import { decodePostback, type Postback } from './postback.ts';
import { IDLE, type ConversationState } from './state.ts';

export interface ConversationOptions extends ConversationDeps {
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * The owner's dialog as one event handler: load the owner's state, take one
 * step, save the new state and queue the answer — all in the inbox's transaction.
 */
export function createConversationHandler(options: ConversationOptions): EventHandler {
  return async (event, trx) => {
    const lineUserId = lineUserIdOf(event);
    if (!lineUserId) return;
    const now = options.clock.now();
    if (event.type === 'unfollow') {
      await ensureOwner(trx, lineUserId, now, false);
      await saveConversation(trx, lineUserId, IDLE, newNonce(), now);
      return;
    }
    await ensureOwner(trx, lineUserId, now);
    const loaded = await loadConversation(trx, lineUserId, now);
    const ctx: StepContext = { trx, lineUserId, now, nonce: newNonce(), deps: options };
    const captchaReply = await answerCaptcha(ctx, event);
    if (captchaReply) {
      await queueAnswer(trx, event, lineUserId, captchaReply, now);
      return;
    }
    const result = await step(ctx, loaded, event);
    if (!result) return;
    await saveConversation(trx, lineUserId, result.state, ctx.nonce, now);
    await queueAnswer(trx, event, lineUserId, result, now);
  };
}

async function step(ctx: StepContext, loaded: LoadedConversation, event: WebhookEvent): Promise<Outcome | null> {
  switch (event.type) {
    case 'follow':
      return welcome(ctx);
    case 'postback':
      return onPostback(ctx, loaded, decodePostback(event.postback.data));
    case 'message':
      if (event.message.type !== 'text') return withLead(await currentPrompt(ctx, loaded.state), commonCopy.textOnly);
      return onText(ctx, loaded, event.message.text);
    default:
      return null;
  }
}

async function onText(ctx: StepContext, loaded: LoadedConversation, text: string): Promise<Outcome> {
  if (loaded.timedOut) return mainMenu(ctx, commonCopy.expired);
  const { state } = loaded;
  const command = commandOf(text);
  if (command === 'nothing' || command === 'howto') {
    if (state.step === 'upload.ranges') return continueUpload(ctx, state, null, { action: command, params: {} });
    if (state.step === 'correct.ranges' && command === 'howto') return continueCorrection(ctx, state, null, { action: command, params: {} });
  } else if (command) {
    return runCommand(ctx, state, command);
  }
  if (warnsAboutPassword(state, text)) return withLead(await currentPrompt(ctx, state), commonCopy.passwordWarning);
  return continueStep(ctx, state, text, null);
}

async function onPostback(ctx: StepContext, loaded: LoadedConversation, postback: Postback | null): Promise<Outcome> {
  if (!postback) return mainMenu(ctx, commonCopy.notUnderstood);
  if (loaded.timedOut && postback.nonce) return mainMenu(ctx, commonCopy.expired);
  if (!postback.nonce && (postback.action === 'nothing' || postback.action === 'retry' || postback.action === 'verify')) {
    return periodAction(ctx, postback.action, postback.params.s, postback.params.p);
  }
  if (!postback.nonce && postback.action === 'correct') return startCorrection(ctx, postback.params.s, postback.params.p);
  const global = globalCommand(postback);
  if (global) return global === 'start' ? startUpload(ctx, postback.params.s, postback.params.p) : runCommand(ctx, loaded.state, global);
  if (postback.nonce !== loaded.nonce) return withLead(await currentPrompt(ctx, loaded.state), commonCopy.staleCard);
  if (postback.action === 'cancel') return runCommand(ctx, loaded.state, 'cancel');
  return continueStep(ctx, loaded.state, null, postback);
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
    case 'nothing':
    case 'howto':
      return mainMenu(ctx, commonCopy.notUnderstood);
  }
}

async function continueStep(ctx: StepContext, state: ConversationState, text: string | null, postback: Postback | null): Promise<Outcome> {
  if (state.step === 'idle') return mainMenu(ctx, commonCopy.notUnderstood);
  if (state.step.startsWith('register.')) return continueRegistration(ctx, state as Parameters<typeof continueRegistration>[1], text, postback);
  if (state.step.startsWith('upload.')) return continueUpload(ctx, state as Parameters<typeof continueUpload>[1], text, postback);
  if (state.step.startsWith('correct.')) return continueCorrection(ctx, state as Parameters<typeof continueCorrection>[1], text, postback);
  return continueSettings(ctx, state as Parameters<typeof continueSettings>[1], text, postback);
}

async function currentPrompt(ctx: StepContext, state: ConversationState): Promise<Outcome> {
  if (state.step === 'idle') return mainMenu(ctx);
  if (state.step.startsWith('register.')) return promptRegistration(ctx, state as Parameters<typeof promptRegistration>[1]);
  if (state.step.startsWith('upload.')) return promptUpload(ctx, state as Parameters<typeof promptUpload>[1]);
  if (state.step.startsWith('correct.')) return promptCorrection(ctx, state as Parameters<typeof promptCorrection>[1]);
  return promptSettings(ctx, state as Parameters<typeof promptSettings>[1]);
}

/** Names and invoice numbers are free text; elsewhere a lone letters-and-digits word is probably a password. */
function warnsAboutPassword(state: ConversationState, text: string): boolean {
  const freeText = ['register.name', 'settings.name', 'upload.ranges', 'upload.confirm', 'correct.ranges', 'correct.confirm'];
  if (freeText.includes(state.step)) return /密碼|password/i.test(text);
  return looksLikePassword(text);
}

/**
 * While a job waits for a captcha, the owner's 5-digit reply is its answer and
 * never reaches the conversation; 取消 stops the job. The conversation's state is untouched.
 */
async function answerCaptcha(ctx: StepContext, event: WebhookEvent): Promise<Outcome | null> {
  if (event.type !== 'message' || event.message.type !== 'text') return null;
  const waiting = await waitingCaptcha(ctx.trx, ctx.lineUserId, ctx.now);
  if (!waiting) return null;
  const answer = captchaAnswerIn(event.message.text);
  const cancel = commandOf(event.message.text) === 'cancel';
  if (!answer && !cancel) return null;
  await ctx.trx
    .updateTable('captcha_requests')
    .set(answer ? { status: 'answered', answer, answered_at: ctx.now.toISOString() } : { status: 'cancelled', answered_at: ctx.now.toISOString() })
    .where('id', '=', waiting.id)
    .where('status', '=', 'waiting')
    .execute();
  return outcome(IDLE, [textMessage(answer ? captchaCopy.received : captchaCopy.cancelled)], []);
}

function withLead(result: Outcome, lead: string): Outcome {
  return outcome(result.state, [textMessage(lead), ...result.messages].slice(0, 5), result.choices);
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

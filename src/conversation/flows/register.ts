import { isInvoiceType, parseInvoiceType, type InvoiceType } from '../../invoice/invoice-type.ts';
import { normalizeUbn, ubnProblem } from '../../invoice/ubn.ts';
import { createStore } from '../../stores/repository.ts';
import { registerCopy } from '../copy/register.ts';
import { outcome, type Outcome, type StepContext } from '../context.ts';
import { CANCEL_CHOICE, linkCard, MENU_CHOICES, textMessage, type Choice } from '../messages.ts';
import { IDLE, type ConversationState } from '../state.ts';
import type { Postback } from '../postback.ts';
import { retry } from './retry.ts';

type RegisterState = Extract<ConversationState, { step: `register.${string}` }>;

const NAME_LIMIT = 20;

export function startRegistration(): Outcome {
  return outcome({ step: 'register.ubn', failures: 0 }, [textMessage(registerCopy.askUbn)], [CANCEL_CHOICE]);
}

export async function continueRegistration(ctx: StepContext, state: RegisterState, text: string | null, postback: Postback | null): Promise<Outcome> {
  switch (state.step) {
    case 'register.ubn':
      return text === null ? reaskUbn(state) : receiveUbn(ctx, state, text);
    case 'register.branch':
      return receiveBranch(ctx, state, text, postback);
    case 'register.head':
      return text === null ? askHead(state) : receiveHead(ctx, state, text);
    case 'register.invoiceType':
      return receiveInvoiceType(ctx, state, postback?.action === 'invoiceType' ? (postback.params.t ?? '') : text);
    case 'register.name':
      return text === null ? askName(state) : receiveName(ctx, state, text);
  }
}

function reaskUbn(state: RegisterState): Outcome {
  return retry(state, registerCopy.askUbn, registerCopy.ubnExample, []);
}

function receiveUbn(ctx: StepContext, state: Extract<RegisterState, { step: 'register.ubn' }>, text: string): Outcome {
  const problem = ubnProblem(text);
  if (problem) return retry(state, problem, registerCopy.ubnExample, []);
  const ubn = normalizeUbn(text);
  return askBranch(ctx, { step: 'register.branch', ubn, failures: 0 });
}

/** Most stores are not branches; a branch logs in to the platform with its head office's 統一編號. */
function askBranch(ctx: StepContext, state: Extract<RegisterState, { step: 'register.branch' }>): Outcome {
  return outcome(state, [textMessage(registerCopy.askBranch(state.ubn))], branchChoices(ctx));
}

function branchChoices(ctx: StepContext): Choice[] {
  return [
    { label: registerCopy.notBranchButton, postback: 'noBranch', nonce: ctx.nonce },
    { label: registerCopy.isBranchButton, postback: 'branch', nonce: ctx.nonce },
    CANCEL_CHOICE,
  ];
}

function receiveBranch(ctx: StepContext, state: Extract<RegisterState, { step: 'register.branch' }>, text: string | null, postback: Postback | null): Outcome {
  if (postback?.action === 'noBranch') return askInvoiceType(ctx, { step: 'register.invoiceType', ubn: state.ubn, branchUbn: state.ubn, failures: 0 });
  if (postback?.action === 'branch') return askHead({ step: 'register.head', ubn: state.ubn, failures: 0 });
  // An 8-digit number typed here answers the next question: the head office's 統一編號.
  if (text !== null && !ubnProblem(text)) return receiveHead(ctx, { step: 'register.head', ubn: state.ubn, failures: 0 }, text);
  return retry(state, registerCopy.branchUnclear, registerCopy.notBranchButton, branchChoices(ctx).slice(0, 2));
}

function askHead(state: Extract<RegisterState, { step: 'register.head' }>): Outcome {
  return outcome(state, [textMessage(registerCopy.askHead)], [CANCEL_CHOICE]);
}

function receiveHead(ctx: StepContext, state: Extract<RegisterState, { step: 'register.head' }>, text: string): Outcome {
  const problem = ubnProblem(text);
  if (problem) return retry(state, problem, registerCopy.ubnExample, []);
  const head = normalizeUbn(text);
  const next = askInvoiceType(ctx, { step: 'register.invoiceType', ubn: head, branchUbn: state.ubn, failures: 0 });
  const lead = head === state.ubn ? registerCopy.headSameAsBranch : registerCopy.headNoted(head);
  return outcome(next.state, [textMessage(lead), ...next.messages], next.choices);
}

function invoiceTypeChoices(ctx: StepContext): Choice[] {
  return (['07', '08'] as const).map((type) => ({
    label: registerCopy.invoiceTypeButtons[type],
    postback: 'invoiceType' as const,
    nonce: ctx.nonce,
    params: { t: type },
  }));
}

function askInvoiceType(ctx: StepContext, state: Extract<RegisterState, { step: 'register.invoiceType' }>): Outcome {
  return outcome(state, [textMessage(registerCopy.askInvoiceType)], [...invoiceTypeChoices(ctx), CANCEL_CHOICE]);
}

function receiveInvoiceType(ctx: StepContext, state: Extract<RegisterState, { step: 'register.invoiceType' }>, text: string | null): Outcome {
  const type: InvoiceType | null = text === null ? null : isInvoiceType(text) ? text : parseInvoiceType(text);
  if (!type) return retry(state, registerCopy.askInvoiceType, registerCopy.invoiceTypeExample, invoiceTypeChoices(ctx));
  return askName({ step: 'register.name', ubn: state.ubn, branchUbn: state.branchUbn, invoiceType: type, failures: 0 });
}

function askName(state: Extract<RegisterState, { step: 'register.name' }>): Outcome {
  return outcome(state, [textMessage(registerCopy.askName)], [CANCEL_CHOICE]);
}

async function receiveName(ctx: StepContext, state: Extract<RegisterState, { step: 'register.name' }>, text: string): Promise<Outcome> {
  const name = text.trim().replace(/\s+/g, ' ');
  if (name === '' || Array.from(name).length > NAME_LIMIT) return retry(state, registerCopy.nameTooLong, registerCopy.nameExample, []);
  const store = await createStore(
    ctx.trx,
    { ownerLineUserId: ctx.lineUserId, ubn: state.ubn, branchUbn: state.branchUbn, invoiceType: state.invoiceType, displayName: name },
    ctx.now,
  );
  const link = await ctx.deps.issueCredentialLink(ctx.trx, { storeId: store.id, lineUserId: ctx.lineUserId });
  return outcome(IDLE, [linkCard(registerCopy.credentialsLink(name), registerCopy.credentialsButton, link)], MENU_CHOICES);
}

/** Asks the current registration question again, as it was first asked. */
export function promptRegistration(ctx: StepContext, state: RegisterState): Outcome {
  switch (state.step) {
    case 'register.ubn':
      return outcome(state, [textMessage(registerCopy.askUbn)], [CANCEL_CHOICE]);
    case 'register.branch':
      return askBranch(ctx, state);
    case 'register.head':
      return askHead(state);
    case 'register.invoiceType':
      return askInvoiceType(ctx, state);
    case 'register.name':
      return askName(state);
  }
}

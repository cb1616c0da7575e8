import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { LineMessage } from '../line/line-api.ts';
import type { Choice } from './messages.ts';
import type { ConversationState } from './state.ts';

export interface ConversationDeps {
  /** A one-time link to the credential form for a store (see web/credential-form.ts). */
  issueCredentialLink(trx: Transaction<Database>, target: { storeId: string; lineUserId: string }): Promise<string>;
  /** Photos of the POS screen are read (a PhotoReader is configured); without one, a photo gets how to type instead. */
  readonly readsPhotos?: boolean;
}

/** Everything a step needs: the transaction it runs in, who is talking, when, and the new step's nonce. */
export interface StepContext {
  readonly trx: Transaction<Database>;
  readonly lineUserId: string;
  readonly now: Date;
  readonly nonce: string;
  readonly deps: ConversationDeps;
}

/** What a step produces: the next state, what to say, and the buttons to offer. */
export interface Outcome {
  readonly state: ConversationState;
  readonly messages: readonly LineMessage[];
  readonly choices: readonly Choice[];
  /**
   * Work that answers within seconds (a job reaching the captcha) takes the reply instead: the
   * token is held for it, `messages` go first in that reply, and `fallback` is said if it is late.
   */
  readonly hold?: { readonly purpose: string; readonly fallback: readonly LineMessage[] };
  /** The owner's data was just erased: nothing of theirs is saved, and the answer goes by the reply token alone. */
  readonly forgotten?: boolean;
}

export const outcome = (state: ConversationState, messages: readonly LineMessage[], choices: readonly Choice[]): Outcome => ({
  state,
  messages,
  choices,
});

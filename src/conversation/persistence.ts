import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { IDLE, parseState, STATE_VERSION, type ConversationState } from './state.ts';

export const IDLE_TIMEOUT_MS = 30 * 60_000;
/** A step left longer than this is not picked up again, even by what the owner types: its context is gone. */
export const RESUMABLE_MS = 24 * 60 * 60_000;

export interface LoadedConversation {
  readonly state: ConversationState;
  /** Buttons of the current step carry this; a tap carrying another is from an old card. */
  readonly nonce: string;
  /** The owner was in the middle of a step and left it alone for too long. */
  readonly timedOut: boolean;
  /** The step that timed out, while typing can still pick it up again (not its buttons). */
  readonly expired: ConversationState | null;
}

/** Read in the event's transaction; outside one only to look ahead (a photo is read before its event is handled). */
export async function loadConversation(trx: Transaction<Database> | Kysely<Database>, lineUserId: string, now: Date): Promise<LoadedConversation> {
  const row = await trx.selectFrom('conversations').selectAll().where('line_user_id', '=', lineUserId).executeTakeFirst();
  if (!row) return { state: IDLE, nonce: '', timedOut: false, expired: null };
  const state = parseState(row.version, row.state_json);
  const timedOut = state.step !== 'idle' && row.expires_at <= now.toISOString();
  const resumable = timedOut && now.getTime() - new Date(row.expires_at).getTime() < RESUMABLE_MS;
  return { state: timedOut ? IDLE : state, nonce: row.nonce, timedOut, expired: resumable ? state : null };
}

export function newNonce(): string {
  return randomBytes(6).toString('base64url');
}

/** Saves the new state with the nonce its buttons were drawn with. */
export async function saveConversation(trx: Transaction<Database>, lineUserId: string, state: ConversationState, nonce: string, now: Date): Promise<void> {
  const values = {
    version: STATE_VERSION,
    state_json: JSON.stringify(state),
    nonce,
    updated_at: now.toISOString(),
    expires_at: new Date(now.getTime() + IDLE_TIMEOUT_MS).toISOString(),
  };
  await trx
    .insertInto('conversations')
    .values({ line_user_id: lineUserId, ...values })
    .onConflict((conflict) => conflict.column('line_user_id').doUpdateSet(values))
    .execute();
}

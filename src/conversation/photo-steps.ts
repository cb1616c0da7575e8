// Where a photo of the POS screen is read: with no step open (it starts an upload, as pasted numbers
// do), at the ranges, and at the card (new numbers replace the old ones, as typed ones do).
import type { LoadedConversation } from './persistence.ts';
import { IDLE, type ConversationState } from './state.ts';

export type PhotoStep = Extract<ConversationState, { step: 'idle' | 'upload.ranges' | 'upload.confirm' }>;

/** The step a photo continues now, or null when the owner is somewhere a photo means nothing. */
export function photoStepOf(loaded: LoadedConversation): PhotoStep | null {
  // Like typed text, a photo picks up a step left alone past its 30 minutes.
  const state = loaded.timedOut ? (loaded.expired ?? IDLE) : loaded.state;
  return isPhotoStep(state) ? state : null;
}

function isPhotoStep(state: ConversationState): state is PhotoStep {
  return state.step === 'idle' || state.step === 'upload.ranges' || state.step === 'upload.confirm';
}

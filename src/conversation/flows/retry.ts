import { commonCopy } from '../copy/common.ts';
import { outcome, type Outcome } from '../context.ts';
import { CANCEL_CHOICE, textMessage, type Choice } from '../messages.ts';
import { withFailure, type ConversationState } from '../state.ts';

export const MAX_FAILURES = 3;

/**
 * Asks the same step again with what was wrong. From the third failed attempt on,
 * the owner gets a worked example and 取消 stays in reach.
 */
export function retry(state: ConversationState, problem: string, example: string, choices: readonly Choice[]): Outcome {
  const next = withFailure(state);
  const failures = 'failures' in next ? next.failures : 0;
  const text = failures >= MAX_FAILURES ? `${problem}\n\n${commonCopy.tooManyTries(example)}` : problem;
  return outcome(next, [textMessage(text)], [...choices, CANCEL_CHOICE]);
}

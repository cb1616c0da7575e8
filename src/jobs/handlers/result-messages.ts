import type { LineMessage } from '../../line/line-api.ts';
import { linkCard, MENU_CHOICES, textMessage, withChoices, type Choice } from '../../conversation/messages.ts';
import type { PostbackAction } from '../../conversation/postback.ts';
import { periodKey, type Period } from '../../invoice/period.ts';
import { resultCopy } from '../copy/results.ts';

/** A text with buttons that act on one store's period (retry, fix, verify); menu buttons after them. */
export function periodButtons(
  text: string,
  target: { store: { id: string }; period: Period },
  buttons: readonly { label: string; action: PostbackAction }[],
): LineMessage {
  const params = { s: target.store.id, p: periodKey(target.period) };
  const choices: Choice[] = buttons.map((button) => ({ label: button.label, postback: button.action, params }));
  return withChoices([textMessage(text)], [...choices, ...MENU_CHOICES])[0] as LineMessage;
}

export function credentialsCard(text: string, link: string): LineMessage {
  return linkCard(text, resultCopy.credentialsButton, link);
}

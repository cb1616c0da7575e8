import type { LineMessage } from '../../line/line-api.ts';
import { linkCard, MENU_CHOICES, textMessage, withChoices, type Choice } from '../../conversation/messages.ts';
import type { PostbackAction } from '../../conversation/postback.ts';
import { periodKey, type Period } from '../../invoice/period.ts';
import { resultCopy } from '../copy/results.ts';

type PeriodTarget = { store: { id: string }; period: Period };

/** A text with buttons that act on one store's period (retry, fix, verify, correct); menu buttons after them. */
export function periodButtons(text: string, target: PeriodTarget, buttons: readonly { label: string; action: PostbackAction }[]): LineMessage {
  const choices = buttons.map((button) => periodChoice(target, button));
  return withChoices([textMessage(text)], [...choices, ...MENU_CHOICES])[0] as LineMessage;
}

/** A button acting on one store's period; it carries no nonce, so it works from any step. */
export function periodChoice(target: PeriodTarget, button: { label: string; action: PostbackAction }): Choice {
  return { label: button.label, postback: button.action, params: { s: target.store.id, p: periodKey(target.period) } };
}

export function credentialsCard(text: string, link: string): LineMessage {
  return linkCard(text, resultCopy.credentialsButton, link);
}

import type { LineMessage } from '../line/line-api.ts';
import { registerCopy } from './copy/register.ts';
import { MENU_CHOICES, textMessage, withChoices } from './messages.ts';

/** Pushed when the owner has filled in the one-time credential form. */
export function credentialsSavedMessage(storeName: string): LineMessage[] {
  return withChoices([textMessage(registerCopy.credentialsSaved(storeName))], MENU_CHOICES);
}

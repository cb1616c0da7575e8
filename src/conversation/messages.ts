import type { messagingApi } from '@line/bot-sdk';
import type { LineMessage } from '../line/line-api.ts';
import { commonCopy } from './copy/common.ts';
import { encodePostback, type PostbackAction } from './postback.ts';

/** A choice offered to the owner: a postback (carries data) or a typed command (message action). */
export type Choice =
  | { readonly label: string; readonly postback: PostbackAction; readonly nonce?: string; readonly params?: Record<string, string>; readonly displayText?: string }
  | { readonly label: string; readonly text: string }
  | { readonly label: string; readonly uri: string };

const LABEL_LIMIT = 20;

/** LINE refuses labels over 20 characters; cut long store names politely. */
export function fitLabel(label: string, limit = LABEL_LIMIT): string {
  const chars = Array.from(label);
  return chars.length <= limit ? label : `${chars.slice(0, limit - 1).join('')}…`;
}

export function actionOf(choice: Choice): messagingApi.Action {
  const label = fitLabel(choice.label);
  if ('uri' in choice) return { type: 'uri', label, uri: choice.uri };
  if ('text' in choice) return { type: 'message', label, text: choice.text };
  return {
    type: 'postback',
    label,
    data: encodePostback(choice.postback, choice.nonce, choice.params),
    displayText: choice.displayText ?? choice.label,
  };
}

/** The main menu as typed commands: they work from any step and any old card. */
export const MENU_CHOICES: readonly Choice[] = [
  { label: commonCopy.buttons.upload, text: commonCopy.buttons.upload },
  { label: commonCopy.buttons.status, text: commonCopy.buttons.status },
  { label: commonCopy.buttons.settings, text: commonCopy.buttons.settings },
  { label: commonCopy.buttons.help, text: commonCopy.buttons.help },
];

export const CANCEL_CHOICE: Choice = { label: commonCopy.buttons.cancel, text: commonCopy.buttons.cancel };

export function textMessage(text: string): messagingApi.TextMessage {
  return { type: 'text', text };
}

/** Puts the next steps on the last message as quick-reply buttons (at most 13). */
export function withChoices(messages: readonly LineMessage[], choices: readonly Choice[]): LineMessage[] {
  if (messages.length === 0 || choices.length === 0) return [...messages];
  const last = messages[messages.length - 1] as LineMessage;
  const quickReply = { items: choices.slice(0, 13).map((choice) => ({ type: 'action' as const, action: actionOf(choice) })) };
  return [...messages.slice(0, -1), { ...last, quickReply }];
}

/** A small card with one prominent link button (the one-time credential form). */
export function linkCard(text: string, buttonLabel: string, uri: string): messagingApi.FlexMessage {
  return {
    type: 'flex',
    altText: `${text.split('\n')[0] ?? buttonLabel}（請點「${buttonLabel}」）`.slice(0, 400),
    contents: {
      type: 'bubble',
      body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text, wrap: true, size: 'md' }] },
      footer: {
        type: 'box',
        layout: 'vertical',
        contents: [{ type: 'button', style: 'primary', action: { type: 'uri', label: fitLabel(buttonLabel), uri } }],
      },
    },
  };
}

// Conversation entries as the playground page draws them: the owner's bubbles, the bot's LINE messages.
import type { BotMessage, ConversationEntry, WebhookEvent } from '../sim/line/index.ts';

/** Under /playground/api/users/:userId/: where the photos a person sent are served back to their chat. */
export const USER_IMAGE_PATH = 'sent-images';

export type PageEntry =
  | {
      readonly from: 'user';
      readonly kind: string;
      readonly at: string;
      readonly text: string | undefined;
      readonly messageType?: string;
      /** A photo the person sent, drawn as an image bubble. */
      readonly imageUrl?: string;
    }
  | { readonly from: 'bot'; readonly kind: 'reply' | 'push'; readonly at: string; readonly messages: readonly BotMessage[] };

export function pageEntry(entry: ConversationEntry): PageEntry {
  if (entry.from === 'bot') return { from: 'bot', kind: entry.kind, at: entry.at.toISOString(), messages: entry.messages };
  const messageType = entry.event.type === 'message' ? entry.event.message.type : undefined;
  const imageUrl = sentImageUrl(entry.event);
  return { from: 'user', kind: entry.kind, at: entry.at.toISOString(), text: entry.shownText, ...(messageType ? { messageType } : {}), ...(imageUrl ? { imageUrl } : {}) };
}

function sentImageUrl(event: WebhookEvent): string | undefined {
  if (event.type !== 'message' || event.message.type !== 'image' || !event.source?.userId) return undefined;
  return `/playground/api/users/${event.source.userId}/${USER_IMAGE_PATH}/${event.message.id}`;
}

// Conversation entries as the playground page draws them: the owner's bubbles, the bot's LINE messages.
import type { BotMessage, ConversationEntry } from '../sim/line/index.ts';

export type PageEntry =
  | { readonly from: 'user'; readonly kind: string; readonly at: string; readonly text: string | undefined; readonly messageType?: string }
  | { readonly from: 'bot'; readonly kind: 'reply' | 'push'; readonly at: string; readonly messages: readonly BotMessage[] };

export function pageEntry(entry: ConversationEntry): PageEntry {
  if (entry.from === 'bot') return { from: 'bot', kind: entry.kind, at: entry.at.toISOString(), messages: entry.messages };
  const messageType = entry.event.type === 'message' ? entry.event.message.type : undefined;
  return { from: 'user', kind: entry.kind, at: entry.at.toISOString(), text: entry.shownText, ...(messageType ? { messageType } : {}) };
}

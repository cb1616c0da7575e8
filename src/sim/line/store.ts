// Everything the fake platform remembers: friends, tokens, retry keys, rich menus and the records tests read.
import { EventEmitter } from 'node:events';
import type { SentMessage } from './errors.ts';
import type {
  ApiCall,
  BotMessage,
  ConversationEntry,
  LoadingRecord,
  PushRecord,
  ReplyRecord,
  UserProfile,
  WebhookAttempt,
  WebhookEvent,
} from './types.ts';

export interface UserState {
  following: boolean;
  everFollowed: boolean;
  profile: UserProfile;
}

export interface ReplyTokenState {
  readonly userId: string | undefined;
  readonly issuedAtMs: number;
  used: boolean;
}

export interface AcceptedRetryKey {
  readonly acceptedAtMs: number;
  readonly requestId: string;
  readonly sentMessages: readonly SentMessage[];
}

export interface StoredContent {
  readonly contentType: string;
  readonly bytes: Buffer;
}

export interface StoredRichMenu {
  readonly richMenuId: string;
  readonly menu: Readonly<Record<string, unknown>>;
  image: StoredContent | undefined;
}

/** Names of what the store announces, for waiting tests and the playground's live view. */
export const STORE_EVENTS = { botMessages: 'bot-messages', entry: 'entry', call: 'call' } as const;

export interface Store {
  readonly users: Map<string, UserState>;
  readonly replyTokens: Map<string, ReplyTokenState>;
  readonly retryKeys: Map<string, AcceptedRetryKey>;
  readonly events: Map<string, WebhookEvent>;
  readonly contents: Map<string, StoredContent>;
  readonly richMenus: Map<string, StoredRichMenu>;
  readonly userRichMenus: Map<string, string>;
  readonly defaultRichMenu: { id: string | undefined };
  readonly calls: ApiCall[];
  readonly replies: ReplyRecord[];
  readonly pushes: PushRecord[];
  readonly loadings: LoadingRecord[];
  /** Every webhook post to the bot and how it ended, redeliveries included. */
  readonly webhookAttempts: WebhookAttempt[];
  readonly conversations: Map<string, ConversationEntry[]>;
  /** Every bot message per user, flattened, so a cursor is just an index. */
  readonly botMessages: Map<string, BotMessage[]>;
  /** Per user, the cursor taken when the user last did something: where waiting starts by default. */
  readonly lastUserMarks: Map<string, number>;
  /** Per user, how many API calls had been made when the user last did something: for diagnostics. */
  readonly lastUserCallMarks: Map<string, number>;
  readonly emitter: EventEmitter;
}

export function createStore(): Store {
  const emitter = new EventEmitter();
  // Many tests may wait on one platform at once; the default cap of 10 would only produce noise.
  emitter.setMaxListeners(0);
  return {
    users: new Map(),
    replyTokens: new Map(),
    retryKeys: new Map(),
    events: new Map(),
    contents: new Map(),
    richMenus: new Map(),
    userRichMenus: new Map(),
    defaultRichMenu: { id: undefined },
    calls: [],
    replies: [],
    pushes: [],
    loadings: [],
    webhookAttempts: [],
    conversations: new Map(),
    botMessages: new Map(),
    lastUserMarks: new Map(),
    lastUserCallMarks: new Map(),
    emitter,
  };
}

export function clearStore(store: Store): void {
  for (const map of [store.users, store.replyTokens, store.retryKeys, store.events, store.contents]) map.clear();
  for (const map of [store.richMenus, store.userRichMenus, store.conversations, store.botMessages, store.lastUserMarks, store.lastUserCallMarks]) {
    map.clear();
  }
  store.defaultRichMenu.id = undefined;
  for (const list of [store.calls, store.replies, store.pushes, store.loadings, store.webhookAttempts]) list.length = 0;
}

export function botMessageCount(store: Store, userId: string): number {
  return store.botMessages.get(userId)?.length ?? 0;
}

export function recordUserEntry(store: Store, userId: string, event: WebhookEvent, shownText: string | undefined, at: Date): void {
  store.lastUserMarks.set(userId, botMessageCount(store, userId));
  store.lastUserCallMarks.set(userId, store.calls.length);
  appendEntry(store, userId, { from: 'user', kind: event.type, event, shownText, at });
}

export function recordBotMessages(
  store: Store,
  userId: string,
  kind: 'reply' | 'push',
  messages: readonly BotMessage[],
  at: Date,
): void {
  const list = store.botMessages.get(userId) ?? [];
  list.push(...messages);
  store.botMessages.set(userId, list);
  appendEntry(store, userId, { from: 'bot', kind, messages, at });
  store.emitter.emit(STORE_EVENTS.botMessages, userId);
}

export function recordCall(store: Store, call: ApiCall): void {
  store.calls.push(call);
  store.emitter.emit(STORE_EVENTS.call, call);
}

function appendEntry(store: Store, userId: string, entry: ConversationEntry): void {
  const list = store.conversations.get(userId) ?? [];
  list.push(entry);
  store.conversations.set(userId, list);
  store.emitter.emit(STORE_EVENTS.entry, userId, entry);
}

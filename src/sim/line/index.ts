// A fake LINE platform over real HTTP. It plays the users (signed webhook posts to the bot) and LINE's
// Messaging API (the calls the bot makes with @line/bot-sdk), refusing what the real one refuses, so
// tests and the local playground exercise the bot's real wiring.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiApp, createDataApp } from './api-routes.ts';
import { createFaults, type DelayOptions, type FailureOptions, type PathMatcher } from './faults.ts';
import { newUserId } from './ids.ts';
import { loopbackOrigin } from './loopback-media.ts';
import { botMessageCount, clearStore, createStore, STORE_EVENTS, type Store, type StoredContent, type StoredRichMenu } from './store.ts';
import { tap, type TapOptions } from './tap.ts';
import type {
  ApiCall,
  BotMessage,
  ConversationEntry,
  FakeLinePlatformOptions,
  LoadingRecord,
  PushRecord,
  ReplyRecord,
  TapResult,
  WebhookAttempt,
} from './types.ts';
import { createUserSide, type UserSide } from './user-side.ts';
import { waitForMessages, type WaitOptions } from './waiting.ts';

export type * from './types.ts';
export type { DelayOptions, FailureOptions, PathMatcher } from './faults.ts';
export type { TapOptions } from './tap.ts';
export type { WaitOptions } from './waiting.ts';
export type { SentImage, SentImageType, UserSide } from './user-side.ts';
export type { StoredContent, StoredRichMenu } from './store.ts';
export type { TextOptions } from './events.ts';
export { actionsOf, textOf } from './inspect-messages.ts';
export { newUserId } from './ids.ts';
export { signBody } from './webhook-sender.ts';

export interface ListeningPlatform {
  /** Give this to the bot as LINE_API_BASE_URL (the Messaging API, api.line.me). */
  readonly url: string;
  /** Give this to the bot as LINE_DATA_API_BASE_URL (the data API, api-data.line.me: what users sent). */
  readonly dataUrl: string;
  close(): Promise<void>;
}

export interface FakeLinePlatform extends UserSide {
  readonly botUserId: string;
  /** The base URL once listening; throws before `listen()`, so a missing await shows up at once. */
  readonly url: string;
  /** The data API's base URL once listening (another port, as it is another host at LINE). */
  readonly dataUrl: string;
  listen(port?: number): Promise<ListeningPlatform>;
  setWebhookUrl(url: string): void;
  failNext(path: PathMatcher, status: number, times?: number, options?: FailureOptions): void;
  delayNext(path: PathMatcher, ms: number, times?: number, options?: DelayOptions): void;
  calls(): ApiCall[];
  replies(): ReplyRecord[];
  pushes(): PushRecord[];
  loadings(): LoadingRecord[];
  /** Every webhook post to the bot and how it ended (redeliveries included), oldest first. */
  webhookAttempts(): WebhookAttempt[];
  conversation(userId: string): ConversationEntry[];
  /** The bytes of what a user sent (a photo), as the data API serves them; undefined for an unknown id. */
  contentOf(messageId: string): StoredContent | undefined;
  isFollowing(userId: string): boolean;
  defaultRichMenuId(): string | undefined;
  /** The rich menu this user sees (their own link, else the default), as LINE would show it. */
  richMenuOf(userId: string): StoredRichMenu | undefined;
  /** A cursor into the bot's messages to this user, for `waitForMessages(…, { since })`. */
  mark(userId: string): number;
  waitForMessages(userId: string, count: number, options?: WaitOptions): Promise<BotMessage[]>;
  tap(userId: string, label: string, options?: TapOptions): Promise<TapResult>;
  /** Called with every new conversation entry; returns the unsubscribe function. */
  subscribe(listener: (userId: string, entry: ConversationEntry) => void): () => void;
  /** Forgets users, tokens, retry keys, rich menus, records, armed faults and waiting redeliveries; keeps the server and webhook URL. */
  reset(): void;
}

export function createFakeLinePlatform(options: FakeLinePlatformOptions): FakeLinePlatform {
  const now = options.now ?? (() => new Date());
  const store = createStore();
  const faults = createFaults();
  const botUserId = options.botUserId ?? newUserId();
  let webhookUrl = options.webhookUrl;
  let urls: { api: string; data: string } | undefined;
  const context = {
    store,
    faults,
    now,
    channelAccessToken: options.channelAccessToken,
    replyTokenTtlMs: options.replyTokenTtlMs ?? 60_000,
    monthlyQuota: options.monthlyQuota ?? 200,
    botUserId,
    httpMediaOrigin: options.httpMediaOrigin === undefined ? undefined : loopbackOrigin(options.httpMediaOrigin),
  };
  const apiApp = createApiApp(context);
  const dataApp = createDataApp(context);
  const users = createUserSide({
    store,
    now,
    channelSecret: options.channelSecret,
    botUserId,
    webhookUrl: () => webhookUrl,
    webhookTimeoutMs: options.webhookTimeoutMs ?? 30_000,
    redelivery: options.webhookRedelivery,
  });

  function listeningUrls(): { api: string; data: string } {
    if (urls === undefined) throw new Error('the fake LINE platform is not listening yet: await listen() first');
    return urls;
  }

  return {
    ...users,
    botUserId,
    get url(): string {
      return listeningUrls().api;
    },
    get dataUrl(): string {
      return listeningUrls().data;
    },
    async listen(port = 0) {
      const api = await listenOn(apiApp.listen.bind(apiApp), port);
      const data = await listenOn(dataApp.listen.bind(dataApp), 0);
      urls = { api: api.url, data: data.url };
      return {
        url: api.url,
        dataUrl: data.url,
        async close() {
          users.stopRedelivery();
          await Promise.all([api.close(), data.close()]);
        },
      };
    },
    setWebhookUrl(url) {
      webhookUrl = url;
    },
    failNext: (path, status, times, failure) => faults.failNext(path, status, times, failure),
    delayNext: (path, ms, times, delay) => faults.delayNext(path, ms, times, delay),
    ...recordViews(store),
    tap: (userId, label, tapOptions) => tap({ store, users, now }, userId, label, tapOptions),
    subscribe(listener) {
      store.emitter.on(STORE_EVENTS.entry, listener);
      return () => store.emitter.off(STORE_EVENTS.entry, listener);
    },
    reset() {
      users.stopRedelivery();
      clearStore(store);
      faults.reset();
    },
  };
}

type RecordViews = Pick<
  FakeLinePlatform,
  | 'calls'
  | 'replies'
  | 'pushes'
  | 'loadings'
  | 'webhookAttempts'
  | 'conversation'
  | 'contentOf'
  | 'isFollowing'
  | 'defaultRichMenuId'
  | 'richMenuOf'
  | 'mark'
  | 'waitForMessages'
>;

/** Read-only views of the store; copies, so a test cannot rewrite history by accident. */
function recordViews(store: Store): RecordViews {
  return {
    calls: () => [...store.calls],
    replies: () => [...store.replies],
    pushes: () => [...store.pushes],
    loadings: () => [...store.loadings],
    webhookAttempts: () => [...store.webhookAttempts],
    conversation: (userId) => [...(store.conversations.get(userId) ?? [])],
    contentOf: (messageId) => store.contents.get(messageId),
    isFollowing: (userId) => store.users.get(userId)?.following ?? false,
    defaultRichMenuId: () => store.defaultRichMenu.id,
    richMenuOf(userId) {
      const id = store.userRichMenus.get(userId) ?? store.defaultRichMenu.id;
      return id === undefined ? undefined : store.richMenus.get(id);
    },
    mark: (userId) => botMessageCount(store, userId),
    waitForMessages: (userId, count, wait) => waitForMessages(store, userId, count, wait),
  };
}

type Listen = (port: number, host: string, callback: () => void) => Server;

interface Listening {
  readonly url: string;
  close(): Promise<void>;
}

/** Loopback only: the fake is a test double, never a service on the network. */
function listenOn(listen: Listen, port: number): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${bound}`, close: () => closeServer(server) });
    });
    server.once('error', reject);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // The SDK's fetch keeps connections alive; without this, close() would wait for them to idle out.
    server.closeAllConnections();
  });
}

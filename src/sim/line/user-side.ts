// The LINE users' side: what a person does in the app, turned into signed webhook posts to the bot.
import {
  asRedelivery,
  followEvent,
  imageMessageEvent,
  legacyVerifyEvents,
  postbackEvent,
  replyTokenOf,
  textMessageEvent,
  unfollowEvent,
  userIdOf,
  type TextOptions,
} from './events.ts';
import { isVerifyReplyToken, newMessageId, newReplyToken } from './ids.ts';
import { createRedelivery, type Redelivery } from './redelivery.ts';
import { recordUserEntry, type Store, type UserState } from './store.ts';
import type { DeliverOptions, SignatureMode, UserProfile, WebhookDelivery, WebhookEvent, WebhookRedeliveryOptions } from './types.ts';
import { postWebhook, type WebhookAnswer } from './webhook-sender.ts';

export interface UserSideDeps {
  readonly store: Store;
  readonly now: () => Date;
  readonly channelSecret: string;
  readonly botUserId: string;
  readonly webhookUrl: () => string | undefined;
  readonly webhookTimeoutMs: number;
  /** LINE's webhook redelivery switch: off when undefined. */
  readonly redelivery: WebhookRedeliveryOptions | undefined;
}

/** What the LINE app uploads when a user sends a photo. */
export type SentImageType = 'image/png' | 'image/jpeg';

export interface SentImage {
  readonly bytes?: Buffer;
  readonly contentType?: SentImageType;
}

export interface UserSide {
  follow(userId: string, profile?: Partial<UserProfile>): Promise<WebhookDelivery>;
  unfollow(userId: string): Promise<WebhookDelivery>;
  sendText(userId: string, text: string, options?: TextOptions): Promise<WebhookDelivery>;
  /** `shown.displayText` is what the chat shows as the user's bubble; LINE sends no message event for it. */
  postback(userId: string, data: string, params?: Readonly<Record<string, string>>, shown?: { readonly displayText?: string }): Promise<WebhookDelivery>;
  /**
   * The user sends a photo: its bytes are kept for the data API's content endpoint, and the bot gets an
   * `image` message event (`contentProvider: line`). JPEG unless said otherwise, as the LINE app sends photos.
   */
  sendImage(userId: string, bytes: Buffer, contentType?: SentImageType): Promise<WebhookDelivery>;
  sendImage(userId: string, image?: SentImage): Promise<WebhookDelivery>;
  deliver(events: readonly WebhookEvent[], options?: DeliverOptions): Promise<WebhookDelivery>;
  redeliver(eventOrWebhookEventId: WebhookEvent | string): Promise<WebhookDelivery>;
  verifyWebhook(options?: { readonly legacy?: boolean }): Promise<WebhookDelivery>;
  /** With redelivery on: tries every unacknowledged delivery again now, and resolves when each attempt ended. */
  redeliverFailed(): Promise<void>;
  /** With redelivery on: deliveries the bot has not acknowledged yet that will be tried again. */
  waitingRedeliveries(): number;
  /** Stops redelivering (the platform is closing, or a test resets it). */
  stopRedelivery(): void;
}

/** A 1×1 transparent PNG: what sendImage sends when a test does not care about the picture. */
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

export function createUserSide(deps: UserSideDeps): UserSide {
  const { store, now } = deps;

  function issueToken(userId: string | undefined, token = newReplyToken()): string {
    store.replyTokens.set(token, { userId, issuedAtMs: now().getTime(), used: false });
    return token;
  }

  /** One post to the bot, recorded with how it ended; throws when no answer came. */
  async function attempt(events: readonly WebhookEvent[], signature: SignatureMode): Promise<WebhookAnswer> {
    const url = deps.webhookUrl();
    if (url === undefined) {
      throw new Error('the fake LINE platform has no webhook URL: pass webhookUrl to createFakeLinePlatform or call setWebhookUrl(url)');
    }
    const body = JSON.stringify({ destination: deps.botUserId, events });
    const record = (status: number | undefined, error?: string) =>
      store.webhookAttempts.push({
        at: now(),
        webhookEventIds: events.map((event) => event.webhookEventId),
        redelivery: events.some((event) => event.deliveryContext.isRedelivery),
        status,
        ...(error === undefined ? {} : { error }),
      });
    try {
      const answer = await postWebhook({ url, channelSecret: deps.channelSecret, body, signature, timeoutMs: deps.webhookTimeoutMs });
      record(answer.status);
      return answer;
    } catch (error) {
      record(undefined, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  const redelivery: Redelivery | undefined = deps.redelivery
    ? createRedelivery({ now, options: deps.redelivery, send: async (events) => acknowledged((await attempt(events, 'valid')).status) })
    : undefined;

  /** Posts a delivery. Unacknowledged, with redelivery on, it goes again later (and no answer is status 0, not an error). */
  async function post(events: readonly WebhookEvent[], options: DeliverOptions): Promise<WebhookDelivery> {
    const signature = options.signature ?? 'valid';
    const redelivers = redelivery !== undefined && events.length > 0 && signature === 'valid';
    const started = performance.now();
    try {
      const answer = await attempt(events, signature);
      if (redelivers && !acknowledged(answer.status)) redelivery.failed(events);
      return { ...answer, events };
    } catch (error) {
      if (!redelivers) throw error;
      redelivery.failed(events);
      const reason = error instanceof Error ? error.message : String(error);
      return { status: 0, body: '', ms: Math.round(performance.now() - started), events, error: reason };
    }
  }

  /** Applies what an event means on LINE's side (friendship, a usable reply token) before the bot hears of it,
   *  so a bot that pushes straight from its follow handler finds the user already a friend. */
  function admit(event: WebhookEvent, shownText: string | undefined): void {
    store.events.set(event.webhookEventId, event);
    const userId = userIdOf(event);
    const token = replyTokenOf(event);
    if (token !== undefined && !isVerifyReplyToken(token) && !store.replyTokens.has(token)) issueToken(userId, token);
    if (userId === undefined || event.deliveryContext.isRedelivery) return;
    applyFriendship(userOf(store, userId), event.type);
    recordUserEntry(store, userId, event, shownText, new Date(event.timestamp));
  }

  async function deliverWithShownText(events: readonly WebhookEvent[], options: DeliverOptions, shownText?: string): Promise<WebhookDelivery> {
    const stamped = options.redelivery ? events.map(asRedelivery) : events;
    for (const event of stamped) admit(event, shownText ?? textOfEvent(event));
    return post(stamped, options);
  }

  return {
    follow(userId, profile = {}) {
      const user = userOf(store, userId);
      user.profile = { ...user.profile, ...profile };
      return deliverWithShownText([followEvent(userId, now(), issueToken(userId), user.everFollowed)], {});
    },
    unfollow: (userId) => deliverWithShownText([unfollowEvent(userId, now())], {}),
    sendText: (userId, text, options) =>
      deliverWithShownText([textMessageEvent(userId, now(), issueToken(userId), text, options)], {}),
    postback: (userId, data, params, shown) =>
      deliverWithShownText([postbackEvent(userId, now(), issueToken(userId), data, params)], {}, shown?.displayText),
    sendImage(userId: string, image: Buffer | SentImage = {}, contentType?: SentImageType) {
      const messageId = newMessageId();
      store.contents.set(messageId, sentContent(image, contentType));
      return deliverWithShownText([imageMessageEvent(userId, now(), issueToken(userId), messageId)], {});
    },
    deliver: (events, options = {}) => deliverWithShownText(events, options),
    redeliver(eventOrId) {
      const id = typeof eventOrId === 'string' ? eventOrId : eventOrId.webhookEventId;
      const event = store.events.get(id);
      if (!event) throw new Error(`no webhook event ${id} was delivered by this fake, so it cannot be redelivered`);
      return deliverWithShownText([event], { redelivery: true });
    },
    verifyWebhook: (options = {}) => post(options.legacy ? legacyVerifyEvents(now()) : [], {}),
    redeliverFailed: async () => redelivery?.flush(),
    waitingRedeliveries: () => redelivery?.waiting() ?? 0,
    stopRedelivery: () => redelivery?.stop(),
  };
}

/** The bytes and type to keep: a test that passes nothing sends a tiny PNG (it does not care about the picture). */
function sentContent(image: Buffer | SentImage, contentType: SentImageType | undefined): { contentType: SentImageType; bytes: Buffer } {
  if (Buffer.isBuffer(image)) return { contentType: contentType ?? 'image/jpeg', bytes: image };
  if (image.bytes === undefined) return { contentType: 'image/png', bytes: TINY_PNG };
  return { contentType: image.contentType ?? 'image/jpeg', bytes: image.bytes };
}

function acknowledged(status: number): boolean {
  return status >= 200 && status < 300;
}

function userOf(store: Store, userId: string): UserState {
  const known = store.users.get(userId);
  if (known) return known;
  const user: UserState = { following: false, everFollowed: false, profile: { displayName: `LINE user ${userId.slice(-4)}`, language: 'zh-TW' } };
  store.users.set(userId, user);
  return user;
}

function applyFriendship(user: UserState, type: WebhookEvent['type']): void {
  if (type === 'follow') {
    user.following = true;
    user.everFollowed = true;
  } else if (type === 'unfollow') {
    user.following = false;
  }
}

function textOfEvent(event: WebhookEvent): string | undefined {
  return event.type === 'message' && event.message.type === 'text' ? event.message.text : undefined;
}

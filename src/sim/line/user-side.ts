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
import { recordUserEntry, type Store, type UserState } from './store.ts';
import type { DeliverOptions, UserProfile, WebhookDelivery, WebhookEvent } from './types.ts';
import { postWebhook } from './webhook-sender.ts';

export interface UserSideDeps {
  readonly store: Store;
  readonly now: () => Date;
  readonly channelSecret: string;
  readonly botUserId: string;
  readonly webhookUrl: () => string | undefined;
  readonly webhookTimeoutMs: number;
}

export interface SentImage {
  readonly bytes?: Buffer;
  readonly contentType?: 'image/png' | 'image/jpeg';
}

export interface UserSide {
  follow(userId: string, profile?: Partial<UserProfile>): Promise<WebhookDelivery>;
  unfollow(userId: string): Promise<WebhookDelivery>;
  sendText(userId: string, text: string, options?: TextOptions): Promise<WebhookDelivery>;
  /** `shown.displayText` is what the chat shows as the user's bubble; LINE sends no message event for it. */
  postback(userId: string, data: string, params?: Readonly<Record<string, string>>, shown?: { readonly displayText?: string }): Promise<WebhookDelivery>;
  sendImage(userId: string, image?: SentImage): Promise<WebhookDelivery>;
  deliver(events: readonly WebhookEvent[], options?: DeliverOptions): Promise<WebhookDelivery>;
  redeliver(eventOrWebhookEventId: WebhookEvent | string): Promise<WebhookDelivery>;
  verifyWebhook(options?: { readonly legacy?: boolean }): Promise<WebhookDelivery>;
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

  async function post(events: readonly WebhookEvent[], options: DeliverOptions): Promise<WebhookDelivery> {
    const url = deps.webhookUrl();
    if (url === undefined) {
      throw new Error('the fake LINE platform has no webhook URL: pass webhookUrl to createFakeLinePlatform or call setWebhookUrl(url)');
    }
    const body = JSON.stringify({ destination: deps.botUserId, events });
    const answer = await postWebhook({ url, channelSecret: deps.channelSecret, body, signature: options.signature ?? 'valid', timeoutMs: deps.webhookTimeoutMs });
    return { ...answer, events };
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
    sendImage(userId, image = {}) {
      const messageId = newMessageId();
      store.contents.set(messageId, { contentType: image.contentType ?? 'image/png', bytes: image.bytes ?? TINY_PNG });
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
  };
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

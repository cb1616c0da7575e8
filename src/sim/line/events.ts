// Webhook events in the shapes of LINE's webhook reference (the SDK's `webhook` types).
import type { webhook } from '@line/bot-sdk';
import { newMessageId, newQuoteToken, newWebhookEventId } from './ids.ts';

interface EventCommon {
  readonly mode: 'active';
  readonly timestamp: number;
  readonly source: webhook.UserSource;
  readonly webhookEventId: string;
  readonly deliveryContext: webhook.DeliveryContext;
}

function common(userId: string, at: Date): EventCommon {
  return {
    mode: 'active',
    timestamp: at.getTime(),
    source: { type: 'user', userId },
    webhookEventId: newWebhookEventId(at),
    deliveryContext: { isRedelivery: false },
  };
}

export function followEvent(userId: string, at: Date, replyToken: string, isUnblocked: boolean): webhook.FollowEvent {
  return { type: 'follow', ...common(userId, at), replyToken, follow: { isUnblocked } };
}

export function unfollowEvent(userId: string, at: Date): webhook.UnfollowEvent {
  return { type: 'unfollow', ...common(userId, at) };
}

export interface TextOptions {
  /** The id of the message the user quoted (long-press → Reply in the LINE app). */
  readonly quotedMessageId?: string;
  /** The quote token of this message, for a test that wants a fixed one. */
  readonly quoteToken?: string;
}

export function textMessageEvent(userId: string, at: Date, replyToken: string, text: string, options: TextOptions = {}): webhook.MessageEvent {
  const message: webhook.TextMessageContent = {
    id: newMessageId(),
    type: 'text',
    quoteToken: options.quoteToken ?? newQuoteToken(),
    text,
    ...(options.quotedMessageId === undefined ? {} : { quotedMessageId: options.quotedMessageId }),
  };
  return { type: 'message', ...common(userId, at), replyToken, message };
}

export function imageMessageEvent(userId: string, at: Date, replyToken: string, messageId: string): webhook.MessageEvent {
  const message: webhook.ImageMessageContent = {
    id: messageId,
    type: 'image',
    quoteToken: newQuoteToken(),
    contentProvider: { type: 'line' },
  };
  return { type: 'message', ...common(userId, at), replyToken, message };
}

export function postbackEvent(
  userId: string,
  at: Date,
  replyToken: string,
  data: string,
  params?: Readonly<Record<string, string>>,
): webhook.PostbackEvent {
  const postback: webhook.PostbackContent = params === undefined ? { data } : { data, params: { ...params } };
  return { type: 'postback', ...common(userId, at), replyToken, postback };
}

/** What older consoles' Verify button sent: two events whose reply tokens are one repeated character.
 *  (Today's console sends `events: []`.) The bot must answer 200 and not try to reply. */
export function legacyVerifyEvents(at: Date): webhook.MessageEvent[] {
  const userId = 'Udeadbeefdeadbeefdeadbeefdeadbeef';
  return [
    {
      type: 'message',
      ...common(userId, at),
      replyToken: '0'.repeat(32),
      message: { id: '100001', type: 'text', quoteToken: newQuoteToken(), text: 'Hello, world' },
    },
    {
      type: 'message',
      ...common(userId, at),
      replyToken: 'f'.repeat(32),
      message: { id: '100002', type: 'sticker', quoteToken: newQuoteToken(), packageId: '1', stickerId: '1', stickerResourceType: 'STATIC' },
    },
  ];
}

export function asRedelivery(event: webhook.Event): webhook.Event {
  return { ...event, deliveryContext: { isRedelivery: true } };
}

export function userIdOf(event: webhook.Event): string | undefined {
  return event.source?.userId;
}

export function replyTokenOf(event: webhook.Event): string | undefined {
  return 'replyToken' in event && typeof event.replyToken === 'string' ? event.replyToken : undefined;
}

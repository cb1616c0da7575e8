// The records the fake keeps, shaped for tests and for the playground that draws a LINE chat from them.
import type { messagingApi, webhook } from '@line/bot-sdk';

export type BotMessage = messagingApi.Message;
export type WebhookEvent = webhook.Event;

export interface FakeLinePlatformOptions {
  readonly channelSecret: string;
  readonly channelAccessToken: string;
  readonly webhookUrl?: string;
  /** How long a reply token stays usable; LINE says about a minute. */
  readonly replyTokenTtlMs?: number;
  readonly now?: () => Date;
  /** Free messages a month: 200 on the Taiwan free plan. */
  readonly monthlyQuota?: number;
  /** The bot's own user id, sent as `destination`; random when not given. */
  readonly botUserId?: string;
  /** Give up on the bot's webhook answer after this long, so a hung bot fails a test instead of stalling it. */
  readonly webhookTimeoutMs?: number;
  /** Accept http image URLs under this loopback origin: for the local playground only, where no TLS exists. */
  readonly httpMediaOrigin?: string;
  /**
   * The console's "Webhook redelivery" switch (off unless given): a delivery the bot does not answer
   * with a 2xx is sent again later with `isRedelivery: true`, the same webhookEventId and reply token.
   */
  readonly webhookRedelivery?: WebhookRedeliveryOptions;
}

export interface WebhookRedeliveryOptions {
  /** Wait between a failed attempt and the next one (real time). Default 1 s. */
  readonly intervalMs?: number;
  /** A delivery still unacknowledged this long after its first failure (on the platform's clock) is dropped. Default 1 h. */
  readonly giveUpAfterMs?: number;
}

/** One webhook post the fake made to the bot, and how it ended. */
export interface WebhookAttempt {
  readonly at: Date;
  readonly webhookEventIds: readonly string[];
  readonly redelivery: boolean;
  /** The bot's HTTP status; undefined when none came (refused, reset, timed out). */
  readonly status: number | undefined;
  readonly error?: string;
}

/** One request the bot made to the fake API, as the fake answered it. */
export interface ApiCall {
  readonly at: Date;
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  /** Request headers, lower-cased, without Authorization (a secret never lands in a record). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly status: number;
  readonly response: unknown;
}

export interface ReplyRecord {
  readonly at: Date;
  readonly requestId: string;
  readonly replyToken: string;
  readonly userId: string;
  readonly messages: readonly BotMessage[];
  readonly notificationDisabled: boolean;
}

export interface PushRecord {
  readonly at: Date;
  readonly requestId: string;
  readonly to: string;
  readonly messages: readonly BotMessage[];
  readonly retryKey: string | undefined;
  readonly notificationDisabled: boolean;
}

export interface LoadingRecord {
  readonly at: Date;
  readonly chatId: string;
  readonly loadingSeconds: number;
}

export type UserEntry = {
  readonly from: 'user';
  readonly kind: WebhookEvent['type'];
  readonly event: WebhookEvent;
  /** What the user sees as their own bubble: the text they sent, or a postback's displayText. */
  readonly shownText: string | undefined;
  readonly at: Date;
};

export type BotEntry = {
  readonly from: 'bot';
  readonly kind: 'reply' | 'push';
  readonly messages: readonly BotMessage[];
  readonly at: Date;
};

export type ConversationEntry = UserEntry | BotEntry;

/** What the bot's webhook endpoint answered. */
export interface WebhookDelivery {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
  /** The events as posted, so a test can redeliver one or read its reply token. */
  readonly events: readonly WebhookEvent[];
  /** With redelivery on, why no answer came (status is then 0): LINE will deliver the events again. */
  readonly error?: string;
}

export type SignatureMode = 'valid' | 'wrong' | 'missing';

export interface DeliverOptions {
  readonly redelivery?: boolean;
  readonly signature?: SignatureMode;
}

export interface UserProfile {
  readonly displayName: string;
  readonly pictureUrl?: string;
  readonly statusMessage?: string;
  readonly language?: string;
}

export interface ActionInfo {
  readonly label: string;
  readonly type: string;
  readonly data?: string;
  readonly text?: string;
  readonly displayText?: string;
  readonly uri?: string;
  readonly mode?: string;
  readonly initial?: string;
}

export type TapResult =
  | { readonly kind: 'postback'; readonly delivery: WebhookDelivery }
  | { readonly kind: 'message'; readonly delivery: WebhookDelivery }
  | { readonly kind: 'uri'; readonly uri: string };

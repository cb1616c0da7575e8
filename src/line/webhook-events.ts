import type { webhook } from '@line/bot-sdk';

/** The parts of a LINE webhook delivery the inbox relies on; everything else is kept verbatim. */
export type WebhookEvent = webhook.Event;

export interface WebhookDelivery {
  readonly destination?: string;
  readonly events: readonly WebhookEvent[];
}

/** The console's Verify button sends reply tokens made of one repeated character. */
export function isVerifyEvent(event: WebhookEvent): boolean {
  const token = 'replyToken' in event ? event.replyToken : undefined;
  return typeof token === 'string' && token.length > 0 && /^(.)\1*$/.test(token);
}

export function lineUserIdOf(event: WebhookEvent): string | null {
  return event.source?.type === 'user' ? (event.source.userId ?? null) : null;
}

/** Narrows an untrusted JSON body to a delivery, or null when it is not one. */
export function parseDelivery(body: unknown): WebhookDelivery | null {
  if (typeof body !== 'object' || body === null) return null;
  const events = (body as { events?: unknown }).events;
  if (!Array.isArray(events) || !events.every(isEventLike)) return null;
  return body as WebhookDelivery;
}

function isEventLike(value: unknown): value is WebhookEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  return typeof event.type === 'string' && typeof event.timestamp === 'number' && typeof event.webhookEventId === 'string';
}

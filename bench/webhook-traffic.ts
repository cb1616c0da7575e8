import { createHmac, randomBytes } from 'node:crypto';
import type { webhook } from '@line/bot-sdk';

/**
 * What owners type, in rough proportion: asking for help, checking status and greeting.
 * All are commands the bot answers from any state, so every event gets one reply.
 */
const TEXTS = ['說明', '狀態', 'hi', '選單', '狀態', '說明'];

/**
 * The traffic of one run: which users exist and how the n-th event looks. The n-th event is
 * a pure function of (plan, n), so the fake LINE platform can be told the reply token of
 * every event ahead of time, while the load generator in another process builds the same
 * event on the fly.
 */
export interface TrafficPlan {
  /** 16 hex characters that make this run's ids unique. */
  readonly runId: string;
  /** Epoch ms when the plan was made: the time part of every webhookEventId, so ids do not depend on send time. */
  readonly startedAt: number;
  readonly destination: string;
  readonly users: number;
}

export function newTrafficPlan(users: number, destination: string): TrafficPlan {
  return { runId: randomBytes(8).toString('hex'), startedAt: Date.now(), destination, users };
}

export function userIdOf(plan: TrafficPlan, user: number): string {
  return `U${plan.runId}${hex16(user)}`;
}

/** 32 hex characters, like LINE's, and never one repeated character (which the bot reads as the console's Verify). */
export function replyTokenOf(plan: TrafficPlan, n: number): string {
  return `${plan.runId}${hex16(n)}`;
}

/** A text message event in the shape LINE sends, from user n mod users. */
export function textEvent(plan: TrafficPlan, n: number, at: number): webhook.MessageEvent {
  return {
    type: 'message',
    mode: 'active',
    timestamp: at,
    source: { type: 'user', userId: userIdOf(plan, n % plan.users) },
    webhookEventId: webhookEventIdOf(plan, n),
    deliveryContext: { isRedelivery: false },
    replyToken: replyTokenOf(plan, n),
    message: { id: String(700_000_000_000_000_000n + BigInt(n)), type: 'text', quoteToken: `q-${plan.runId}-${n}`, text: TEXTS[n % TEXTS.length] ?? 'hi' },
  };
}

/** One delivery of one event, as LINE posts it: the exact body and its x-line-signature. */
export function signedDelivery(plan: TrafficPlan, channelSecret: string, n: number, at: number): { body: string; signature: string } {
  const body = JSON.stringify({ destination: plan.destination, events: [textEvent(plan, n, at)] });
  return { body, signature: createHmac('sha256', channelSecret).update(body, 'utf8').digest('base64') };
}

/** ULID-shaped (26 characters, time first) like LINE's, with the run and the counter in place of randomness. */
export function webhookEventIdOf(plan: TrafficPlan, n: number): string {
  return `${plan.startedAt.toString(32).padStart(10, '0')}${plan.runId.slice(0, 6)}${n.toString(32).padStart(10, '0')}`.toUpperCase();
}

function hex16(n: number): string {
  return n.toString(16).padStart(16, '0');
}

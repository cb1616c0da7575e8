// The monthly message count. LINE bills per request and recipient, not per message object
// ("one bubble does NOT equal one message"): a push of five bubbles to one user counts as one.
// Replies are free and are not counted.
import type { PushRecord } from './types.ts';

/** The account is Taiwanese: its month turns at midnight Asia/Taipei (UTC+8, no daylight saving). */
const TAIPEI_OFFSET_MS = 8 * 60 * 60 * 1000;

function taipeiMonth(at: Date): string {
  return new Date(at.getTime() + TAIPEI_OFFSET_MS).toISOString().slice(0, 7);
}

export function usageThisMonth(pushes: readonly PushRecord[], now: Date): number {
  const month = taipeiMonth(now);
  return pushes.filter((push) => taipeiMonth(push.at) === month).length;
}

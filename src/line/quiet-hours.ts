// Owners are not pushed to in the evening or at night (Asia/Taipei): what is not urgent waits for
// the morning. Answers to what the owner just did are urgent and never wait.
import { taipeiDate, taipeiInstant, toTaipei } from '../invoice/taipei-time.ts';

/** Pushes that can wait are sent from 09:00 up to 21:00, Taipei wall-clock time. */
export const SENDING_FROM_HOUR = 9;
export const QUIET_FROM_HOUR = 21;
const DAY_MS = 24 * 60 * 60 * 1000;

/** When a push that can wait may go: undefined outside quiet hours, else the next 09:00 in Taipei. */
export function quietUntil(now: Date): Date | undefined {
  const hour = toTaipei(now).hour();
  if (hour >= SENDING_FROM_HOUR && hour < QUIET_FROM_HOUR) return undefined;
  const { year, month, day } = taipeiDate(now);
  const morning = taipeiInstant(year, month, day, SENDING_FROM_HOUR);
  // Taiwan keeps no daylight saving time: the next morning is always 24 hours on.
  return hour < SENDING_FROM_HOUR ? morning : new Date(morning.getTime() + DAY_MS);
}

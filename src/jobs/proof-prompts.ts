// After 已送出 the platform needs about two hours before 查詢 lists the rows. Instead of logging in
// by itself (and pushing a captcha at any hour), the bot sends one daytime push 「平台應該處理好了」
// with 「查看結果」; the owner's tap starts the check, whose captcha and ✅ go out as replies.
// A check that finds nothing yet offers a later one (at most three, further apart each time),
// and a day before the deadline one warning goes out if the period is still not confirmed.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { deadlineOf, type Period } from '../invoice/period.ts';
import { taipeiInstant, toTaipei } from '../invoice/taipei-time.ts';
import { enqueueJob } from './enqueue.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export const PROMPT_JOB_KIND = 'proof-prompt';
export const WARNING_JOB_KIND = 'deadline-warning';
/** At most this many 「查看結果」 prompts per upload. */
export const MAX_PROMPTS = 3;
/** After a check found nothing yet: the next prompt this much later (round 2, round 3). */
const LATER_GAPS_MS = [4 * 3_600_000, 20 * 3_600_000];
const DAY_STARTS_HOUR = 9;
const DAY_ENDS_HOUR = 21;
/** The warning comes this long before the deadline. */
const WARNING_BEFORE_MS = 24 * 3_600_000;
/** A warning that would fall in the night comes at this hour instead (the evening before). */
const WARNING_EVENING_HOUR = 20;

export interface PromptPayload {
  readonly storePeriodId: string;
  readonly round: number;
}

/** The first daytime moment (09:00–21:00 Asia/Taipei) at or after an instant. */
export function daytimeFrom(instant: Date): Date {
  const local = toTaipei(instant);
  if (local.hour() >= DAY_STARTS_HOUR && local.hour() < DAY_ENDS_HOUR) return instant;
  const day = local.hour() < DAY_STARTS_HOUR ? local : local.add(1, 'day');
  return taipeiInstant(day.year(), day.month() + 1, day.date(), DAY_STARTS_HOUR, 0);
}

/** When the first prompt comes after 已送出: VERIFY_DELAY later, in daytime. */
export function firstPromptAt(submittedAt: Date, verifyDelayMs: number): Date {
  return daytimeFrom(new Date(submittedAt.getTime() + verifyDelayMs));
}

/** Queues the round's prompt; false when there are no rounds left (or it is queued already). */
export async function queueProofPrompt(db: Executor, storePeriodId: string, round: number, runAt: Date, now: Date): Promise<boolean> {
  if (round > MAX_PROMPTS) return false;
  // One prompt per upload and round: the key carries when the upload was (its first prompt time).
  return enqueueJob(db, { kind: PROMPT_JOB_KIND, key: `${PROMPT_JOB_KIND}:${storePeriodId}:${runAt.toISOString()}:${round}`, payload: { storePeriodId, round }, runAt }, now);
}

/** After a check that found nothing yet: the next round's prompt, later and in daytime; null when none is left. */
export async function queueNextPrompt(db: Executor, storePeriodId: string, round: number, now: Date): Promise<Date | null> {
  const gap = LATER_GAPS_MS[round - 1];
  if (gap === undefined || round + 1 > MAX_PROMPTS) return null;
  const at = daytimeFrom(new Date(now.getTime() + gap));
  return (await queueProofPrompt(db, storePeriodId, round + 1, at, now)) ? at : null;
}

/** The moment of the one warning before the deadline: a day before, moved to the evening before when that is night. */
export function warningAt(period: Period): Date {
  const at = new Date(deadlineOf(period).getTime() - WARNING_BEFORE_MS);
  const local = toTaipei(at);
  if (local.hour() >= DAY_STARTS_HOUR && local.hour() < DAY_ENDS_HOUR) return at;
  const evening = local.hour() < DAY_STARTS_HOUR ? local.subtract(1, 'day') : local;
  return taipeiInstant(evening.year(), evening.month() + 1, evening.date(), WARNING_EVENING_HOUR, 0);
}

/** Queues the period's deadline warning once (unique key), when its time is still ahead. */
export async function queueDeadlineWarning(db: Executor, storePeriodId: string, period: Period, now: Date): Promise<void> {
  const at = warningAt(period);
  if (at.getTime() <= now.getTime()) return;
  await enqueueJob(db, { kind: WARNING_JOB_KIND, key: `${WARNING_JOB_KIND}:${storePeriodId}`, payload: { storePeriodId, round: 0 }, runAt: at }, now);
}

export function readPromptPayload(value: unknown): PromptPayload | null {
  const { storePeriodId, round } = (value ?? {}) as Record<string, unknown>;
  return typeof storePeriodId === 'string' && typeof round === 'number' ? { storePeriodId, round } : null;
}

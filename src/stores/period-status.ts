// One source of truth for where a store's period stands, shown the same way everywhere (狀態,
// cards, reminders), and the guarded moves between states. A move names the states it may
// start from and checks them in the same UPDATE, so a stale button never moves a period back.
import type { Kysely, Transaction } from 'kysely';
import type { AttentionReason, Database, PeriodState, StorePeriod } from '../db/schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** What the owner sees for a period. */
export type PeriodStatus =
  | { readonly kind: 'to-report' }
  | { readonly kind: 'awaiting-captcha' }
  | { readonly kind: 'uploading' }
  | { readonly kind: 'submitted' }
  | { readonly kind: 'confirmed' }
  | { readonly kind: 'nothing' }
  | { readonly kind: 'attention'; readonly reason: AttentionReason; readonly detail: string | null };

export type PeriodStatusKind = PeriodStatus['kind'];

/** Facts about the period's work that live outside its row. */
export interface WorkFacts {
  /** A submission job of this period is pending or running. */
  readonly openSubmission: boolean;
  /** That job is waiting for the owner's captcha answer. */
  readonly captchaShown: boolean;
}

export function periodStatus(row: Pick<StorePeriod, 'state' | 'attention_reason' | 'attention_detail'> | undefined, facts: WorkFacts): PeriodStatus {
  if (!row) return { kind: 'to-report' };
  if (row.attention_reason && row.state !== 'confirmed' && row.state !== 'nothing_to_report' && !facts.openSubmission) {
    return { kind: 'attention', reason: row.attention_reason, detail: row.attention_detail };
  }
  switch (row.state) {
    case 'pending':
      return { kind: 'to-report' };
    case 'queued':
      if (facts.captchaShown) return { kind: 'awaiting-captcha' };
      // Queued with no job left to do it: it will not happen by itself.
      return facts.openSubmission ? { kind: 'uploading' } : { kind: 'attention', reason: 'gave-up', detail: null };
    case 'submitted':
      return { kind: 'submitted' };
    case 'confirmed':
      return { kind: 'confirmed' };
    case 'nothing_to_report':
      return { kind: 'nothing' };
  }
}

/** Whether the period still needs the owner: reminders go on, and "late" may be said. */
export function needsOwner(status: PeriodStatus): boolean {
  return status.kind === 'to-report' || status.kind === 'attention' || status.kind === 'awaiting-captcha';
}

/** The work facts of a period, read from its jobs and captcha requests. */
export async function workFacts(db: Executor, storePeriodId: string | undefined, now: Date): Promise<WorkFacts> {
  if (!storePeriodId) return { openSubmission: false, captchaShown: false };
  const jobs = await db
    .selectFrom('jobs')
    .select('id')
    .where('key', 'like', `submit:${storePeriodId}:%`)
    .where('state', 'in', ['pending', 'running'])
    .execute();
  if (jobs.length === 0) return { openSubmission: false, captchaShown: false };
  const shown = await db
    .selectFrom('captcha_requests')
    .select('id')
    .where('job_id', 'in', jobs.map((job) => job.id))
    // Shown (and not lapsed), being swapped for a fresh image, or waiting its turn behind another store's: all wait for the owner.
    .where((eb) => eb.or([eb('status', 'in', ['refreshing', 'queued']), eb.and([eb('status', '=', 'waiting'), eb('expires_at', '>', now.toISOString())])]))
    .executeTakeFirst();
  return { openSubmission: true, captchaShown: shown !== undefined };
}

export interface PeriodMove {
  /** The states the period may be in for the move to happen. */
  readonly from: readonly PeriodState[];
  readonly to: PeriodState;
  /** The reason the period now needs the owner, or null to clear it (the default). */
  readonly attention?: { readonly reason: AttentionReason; readonly detail?: string | null } | null;
}

/**
 * Moves the period if it is in one of `from`, in one statement; false when it was not
 * (the caller then says where the period really is). The time of the new state is stamped.
 */
export async function movePeriod(db: Executor, storePeriodId: string, move: PeriodMove, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .updateTable('store_periods')
    .set({
      state: move.to,
      attention_reason: move.attention?.reason ?? null,
      attention_detail: move.attention ? (move.attention.detail ?? null) : null,
      updated_at: at,
      ...(move.to === 'queued' ? { queued_at: at } : {}),
      ...(move.to === 'submitted' ? { submitted_at: at } : {}),
      ...(move.to === 'confirmed' ? { confirmed_at: at } : {}),
    })
    .where('id', '=', storePeriodId)
    .where('state', 'in', [...move.from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks that the period needs the owner, keeping its state (e.g. submitted with some ranges refused). */
export async function flagPeriod(db: Executor, storePeriodId: string, reason: AttentionReason, detail: string | null, now: Date): Promise<void> {
  await db
    .updateTable('store_periods')
    .set({ attention_reason: reason, attention_detail: detail, updated_at: now.toISOString() })
    .where('id', '=', storePeriodId)
    .execute();
}

/** States from which the owner may (re)upload ranges for a period. */
export const UPLOADABLE: readonly PeriodState[] = ['pending', 'queued', 'nothing_to_report'];
/** States in which something is on the platform: changes go through a correction. */
export const ON_PLATFORM_STATES: readonly PeriodState[] = ['submitted', 'confirmed'];

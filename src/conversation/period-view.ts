// How a period's status reads to the owner, and the one tap that fixes it: the same words on
// 狀態, on cards and in reminders.
import type { Kysely, Transaction } from 'kysely';
import type { Database, Store } from '../db/schema.ts';
import { periodStatus, workFacts, type PeriodStatus } from '../stores/period-status.ts';
import { storePeriod } from '../stores/repository.ts';
import { statusCopy } from './copy/status.ts';
import type { Choice } from './messages.ts';

export function statusText(status: PeriodStatus): string {
  if (status.kind !== 'attention') return statusCopy.label[status.kind];
  const reason = statusCopy.reason[status.reason];
  return statusCopy.attentionLine(status.detail ? `${reason}（${status.detail}）` : reason);
}

/** The button that fixes a period needing the owner; it carries store and period, so it works from any step. */
export function fixChoice(status: PeriodStatus, storeId: string, periodKey: string): Choice | null {
  if (status.kind !== 'attention') return null;
  return { label: statusCopy.fixButton[status.reason], postback: 'fix', params: { s: storeId, p: periodKey } };
}

/** The one tap a period offers on 狀態: its fix when it needs the owner, 查看結果 while it waits for proof. */
export function nextStepChoice(status: PeriodStatus, storeId: string, periodKey: string): Choice | null {
  if (status.kind === 'submitted') return { label: statusCopy.checkButton, postback: 'proof', params: { s: storeId, p: periodKey } };
  return fixChoice(status, storeId, periodKey);
}

/** The status of one store's period, read from its row, jobs and captcha requests. */
export async function statusOf(db: Kysely<Database> | Transaction<Database>, store: Pick<Store, 'id'>, periodKey: string, now: Date): Promise<PeriodStatus> {
  const row = await storePeriod(db, store.id, periodKey);
  return periodStatus(row, await workFacts(db, row?.id, now));
}

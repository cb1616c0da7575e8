import type { Transaction } from 'kysely';
import type { Clock } from '../../clock.ts';
import { textMessage, withChoices, type Choice } from '../../conversation/messages.ts';
import type { Db } from '../../db/connect.ts';
import type { AttentionReason, Database } from '../../db/schema.ts';
import { fixChoice, statusText } from '../../conversation/period-view.ts';
import { daysLeft, formatDeadlineLabel, formatOwnerLabel, type Period } from '../../invoice/period.ts';
import type { LineMessage } from '../../line/line-api.ts';
import { enqueueMessages } from '../../line/outbox.ts';
import type { Logger } from '../../log.ts';
import { remindCopy } from '../copy/remind.ts';
import { isSendingTime, readRemindPayload, remindJobKey } from '../reminders.ts';
import type { JobHandler } from '../worker.ts';

export interface RemindDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly log: Logger;
}

interface Reminder {
  readonly storeId: string;
  readonly storeName: string;
  readonly lineUserId: string;
  readonly period: Period;
  readonly periodKey: string;
  readonly day: number;
  /** The upload failed and needs the owner: the reminder says why and offers the fix. */
  readonly attention: { readonly reason: AttentionReason; readonly detail: string | null } | null;
}

type Decision = { kind: 'send'; reminder: Reminder } | { kind: 'skip'; reason: string };

/**
 * Sends one store's deadline reminder. `run` checks the reminder is still wanted; the
 * message is queued in `onSettled`, in the job's own transaction, after checking again
 * there — so a period confirmed while the job ran never gets a reminder.
 */
export function remindHandler(deps: RemindDeps): JobHandler {
  const wanted = new Set<string>();
  return {
    async run(ctx) {
      const decision = await decide(deps.db, ctx.job.payload, ctx.now());
      if (decision.kind === 'send') wanted.add(ctx.job.id);
      else deps.log.info({ jobId: ctx.job.id, key: ctx.job.key, reason: decision.reason }, 'reminder not sent');
      return { kind: 'done' };
    },
    async onSettled(trx, job, { outcome }) {
      if (!wanted.delete(job.id) || outcome.kind !== 'done') return;
      const now = deps.clock.now();
      const decision = await decide(trx, job.payload, now);
      if (decision.kind === 'skip') {
        deps.log.info({ jobId: job.id, reason: decision.reason }, 'reminder dropped: changed while the job ran');
        return;
      }
      const { reminder } = decision;
      const purpose = remindJobKey(reminder.storeId, reminder.periodKey, reminder.day);
      await enqueueMessages(trx, { lineUserId: reminder.lineUserId, messages: reminderMessages(reminder, now), purpose, urgent: false }, now);
    },
  };
}

/** Whether the reminder is still wanted: store there, owner following, period not done or in progress, still its day. */
async function decide(db: Db | Transaction<Database>, rawPayload: unknown, now: Date): Promise<Decision> {
  const payload = readRemindPayload(rawPayload);
  if (payload === null) return { kind: 'skip', reason: 'payload is not a reminder' };
  if (!isSendingTime(payload.period, payload.day, now)) return { kind: 'skip', reason: 'its day or daytime has passed' };
  const row = await db
    .selectFrom('stores')
    .innerJoin('owners', 'owners.line_user_id', 'stores.owner_line_user_id')
    .leftJoin('store_periods', (join) => join.onRef('store_periods.store_id', '=', 'stores.id').on('store_periods.period_key', '=', payload.periodKey))
    .select(['stores.display_name', 'stores.owner_line_user_id', 'owners.following', 'store_periods.state', 'store_periods.attention_reason', 'store_periods.attention_detail'])
    .where('stores.id', '=', payload.storeId)
    .executeTakeFirst();
  if (row === undefined) return { kind: 'skip', reason: 'store no longer exists' };
  if (row.following !== 1) return { kind: 'skip', reason: 'owner no longer follows the bot' };
  const stillNeeded = row.state === null || row.state === 'pending' || (row.attention_reason !== null && row.state !== 'confirmed' && row.state !== 'nothing_to_report');
  if (!stillNeeded) return { kind: 'skip', reason: `period is ${row.state}` };
  const attention = row.attention_reason ? { reason: row.attention_reason, detail: row.attention_detail } : null;
  const reminder = { ...payload, storeName: row.display_name, lineUserId: row.owner_line_user_id, attention };
  return { kind: 'send', reminder };
}

/**
 * One text with quick replies: start this store's period, say there is nothing, or see the
 * status — or, when an upload failed, what went wrong and the one tap that fixes it.
 */
function reminderMessages(reminder: Reminder, now: Date): LineMessage[] {
  const facts = {
    store: reminder.storeName,
    period: formatOwnerLabel(reminder.period),
    deadline: formatDeadlineLabel(reminder.period),
    daysLeft: daysLeft(reminder.period, now),
  };
  // No nonce: these buttons stay good from any step, and carry the store and period themselves.
  const params = { s: reminder.storeId, p: reminder.periodKey };
  if (reminder.attention) {
    const status = { kind: 'attention' as const, ...reminder.attention };
    const fix = fixChoice(status, reminder.storeId, reminder.periodKey) as Choice;
    return withChoices([textMessage(remindCopy.attention(facts, statusText(status)))], [fix, { label: remindCopy.buttons.status, text: remindCopy.buttons.status }]);
  }
  const text = remindCopy.text(facts);
  const choices: Choice[] = [
    { label: remindCopy.buttons.start, postback: 'start', params },
    { label: remindCopy.buttons.nothing, postback: 'nothing', params },
    { label: remindCopy.buttons.status, text: remindCopy.buttons.status },
  ];
  return withChoices([textMessage(text)], choices);
}

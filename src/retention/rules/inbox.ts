import type { ExpressionBuilder } from 'kysely';
import type { Database, InboxStatus } from '../../db/schema.ts';
import { cutoff } from '../batches.ts';
import type { SweepContext } from '../rule.ts';
import { deleteRows, reduceRows } from '../row-rules.ts';

// Processed webhook events. Dedupe needs only the event id (the primary key: a redelivered event
// is ignored by the insert), and only pending events are ordered by user (src/line/inbox.ts), so a
// processed row keeps its id, type, times and status; its payload and LINE user id go.

type Eb = ExpressionBuilder<Database, 'webhook_inbox'>;

const PROCESSED: readonly InboxStatus[] = ['done', 'skipped', 'failed'];
export const REDUCED_PAYLOAD = '{}';

/** Processed, old enough to delete (LINE redelivers within hours, not weeks). */
function deletable(ctx: SweepContext) {
  return (eb: Eb) => eb.and([eb('status', 'in', PROCESSED), eb('received_at', '<', cutoff(ctx.now, ctx.settings.inboxDeleteAfterMs))]);
}

/** Processed over a day ago (by default), not reduced yet, and not due for deletion. */
function reducible(ctx: SweepContext) {
  return (eb: Eb) =>
    eb.and([
      eb('status', 'in', PROCESSED),
      eb(eb.fn.coalesce('processed_at', 'received_at'), '<', cutoff(ctx.now, ctx.settings.inboxReduceAfterMs)),
      eb('received_at', '>=', cutoff(ctx.now, ctx.settings.inboxDeleteAfterMs)),
      eb.or([eb('payload_json', '<>', REDUCED_PAYLOAD), eb('line_user_id', 'is not', null)]),
    ]);
}

export const inboxReduce = reduceRows({
  key: 'inboxReduced',
  table: 'webhook_inbox',
  change: 'processed: payload and LINE user id dropped',
  idColumn: 'webhook_event_id',
  rows: reducible,
  set: () => ({ payload_json: REDUCED_PAYLOAD, line_user_id: null }),
});

export const inboxDelete = deleteRows({
  key: 'inboxDeleted',
  table: 'webhook_inbox',
  change: 'processed: row deleted',
  idColumn: 'webhook_event_id',
  rows: deletable,
});

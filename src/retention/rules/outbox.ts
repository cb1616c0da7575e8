import type { ExpressionBuilder } from 'kysely';
import type { Database, OutboxStatus } from '../../db/schema.ts';
import { cutoff } from '../batches.ts';
import type { SweepContext } from '../rule.ts';
import { deleteRows, reduceRows } from '../row-rules.ts';

// Messages the outbox is done with (delivered, assumed delivered, or given up). Their bodies
// (what the owner was told) and reply tokens go after a day; the row (status, purpose, retry
// key, times) stays for a month for the operator, then goes too.

type Eb = ExpressionBuilder<Database, 'outbox'>;

const FINISHED: readonly OutboxStatus[] = ['sent', 'assumed_sent', 'failed', 'skipped'];
export const REDUCED_MESSAGES = '[]';

function deletable(ctx: SweepContext) {
  return (eb: Eb) => eb.and([eb('status', 'in', FINISHED), eb('created_at', '<', cutoff(ctx.now, ctx.settings.outboxDeleteAfterMs))]);
}

function reducible(ctx: SweepContext) {
  return (eb: Eb) =>
    eb.and([
      eb('status', 'in', FINISHED),
      eb('created_at', '<', cutoff(ctx.now, ctx.settings.outboxReduceAfterMs)),
      eb('created_at', '>=', cutoff(ctx.now, ctx.settings.outboxDeleteAfterMs)),
      eb.or([eb('messages_json', '<>', REDUCED_MESSAGES), eb('reply_token', 'is not', null)]),
    ]);
}

export const outboxReduce = reduceRows({
  key: 'outboxReduced',
  table: 'outbox',
  change: 'delivered or given up: messages and reply token dropped',
  idColumn: 'id',
  rows: reducible,
  set: () => ({ messages_json: REDUCED_MESSAGES, reply_token: null }),
});

export const outboxDelete = deleteRows({
  key: 'outboxDeleted',
  table: 'outbox',
  change: 'delivered or given up: row deleted',
  idColumn: 'id',
  rows: deletable,
});

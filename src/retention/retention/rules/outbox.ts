import type { ExpressionBuilder } from 'kysely';
import type { Database, OutboxStatus } from '../../db/schema.ts';
import { countOf, cutoff, inBatches } from '../batches.ts';
import type { RetentionRule, SweepContext } from '../rule.ts';

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

export const outboxReduce: RetentionRule = {
  key: 'outboxReduced',
  table: 'outbox',
  change: 'delivered or given up: messages and reply token dropped',
  pending: (ctx) => countOf(ctx.db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).where(reducible(ctx))),
  apply: (ctx) =>
    inBatches(ctx, async (limit) => {
      const batch = ctx.db.selectFrom('outbox').select('id').where(reducible(ctx)).limit(limit);
      const result = await ctx.db
        .updateTable('outbox')
        .set({ messages_json: REDUCED_MESSAGES, reply_token: null })
        .where(reducible(ctx))
        .where('id', 'in', batch)
        .executeTakeFirst();
      return result.numUpdatedRows;
    }),
};

export const outboxDelete: RetentionRule = {
  key: 'outboxDeleted',
  table: 'outbox',
  change: 'delivered or given up: row deleted',
  pending: (ctx) => countOf(ctx.db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).where(deletable(ctx))),
  apply: (ctx) =>
    inBatches(ctx, async (limit) => {
      const batch = ctx.db.selectFrom('outbox').select('id').where(deletable(ctx)).limit(limit);
      const result = await ctx.db.deleteFrom('outbox').where(deletable(ctx)).where('id', 'in', batch).executeTakeFirst();
      return result.numDeletedRows;
    }),
};

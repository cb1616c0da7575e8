import type { ExpressionBuilder } from 'kysely';
import type { Database, JobState } from '../../db/schema.ts';
import { countOf, cutoff, inBatches } from '../batches.ts';
import type { RetentionRule, SweepContext } from '../rule.ts';

// Finished jobs are kept about 13 months as counts only: after a week their payload (which
// store period, which round) and last error go; kind, key, state, attempts and times stay.

type Eb = ExpressionBuilder<Database, 'jobs'>;

const FINISHED: readonly JobState[] = ['done', 'dead', 'cancelled'];
export const REDUCED_PAYLOAD = '{}';

function finishedBefore(eb: Eb, instant: string) {
  return eb(eb.fn.coalesce('finished_at', 'updated_at'), '<', instant);
}

function deletable(ctx: SweepContext) {
  return (eb: Eb) => eb.and([eb('state', 'in', FINISHED), finishedBefore(eb, cutoff(ctx.now, ctx.settings.jobsDeleteAfterMs))]);
}

function reducible(ctx: SweepContext) {
  return (eb: Eb) =>
    eb.and([
      eb('state', 'in', FINISHED),
      finishedBefore(eb, cutoff(ctx.now, ctx.settings.jobsReduceAfterMs)),
      eb.not(finishedBefore(eb, cutoff(ctx.now, ctx.settings.jobsDeleteAfterMs))),
      eb.or([eb('payload_json', '<>', REDUCED_PAYLOAD), eb('last_error', 'is not', null)]),
    ]);
}

export const jobsReduce: RetentionRule = {
  key: 'jobsReduced',
  table: 'jobs',
  change: 'finished: payload and last error dropped',
  pending: (ctx) => countOf(ctx.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where(reducible(ctx))),
  apply: (ctx) =>
    inBatches(ctx, async (limit) => {
      const batch = ctx.db.selectFrom('jobs').select('id').where(reducible(ctx)).limit(limit);
      const result = await ctx.db
        .updateTable('jobs')
        .set({ payload_json: REDUCED_PAYLOAD, last_error: null })
        .where(reducible(ctx))
        .where('id', 'in', batch)
        .executeTakeFirst();
      return result.numUpdatedRows;
    }),
};

export const jobsDelete: RetentionRule = {
  key: 'jobsDeleted',
  table: 'jobs',
  change: 'finished: row deleted',
  pending: (ctx) => countOf(ctx.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where(deletable(ctx))),
  apply: (ctx) =>
    inBatches(ctx, async (limit) => {
      const batch = ctx.db.selectFrom('jobs').select('id').where(deletable(ctx)).limit(limit);
      const result = await ctx.db.deleteFrom('jobs').where(deletable(ctx)).where('id', 'in', batch).executeTakeFirst();
      return result.numDeletedRows;
    }),
};

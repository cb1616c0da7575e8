import type { ExpressionBuilder } from 'kysely';
import type { Database, JobState } from '../../db/schema.ts';
import { cutoff } from '../batches.ts';
import type { SweepContext } from '../rule.ts';
import { deleteRows, reduceRows } from '../row-rules.ts';

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

export const jobsReduce = reduceRows({
  key: 'jobsReduced',
  table: 'jobs',
  change: 'finished: payload and last error dropped',
  idColumn: 'id',
  rows: reducible,
  set: () => ({ payload_json: REDUCED_PAYLOAD, last_error: null }),
});

export const jobsDelete = deleteRows({
  key: 'jobsDeleted',
  table: 'jobs',
  change: 'finished: row deleted',
  idColumn: 'id',
  rows: deletable,
});

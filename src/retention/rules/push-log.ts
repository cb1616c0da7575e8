import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { dialectOf } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import { monthOf } from '../../line/outbox.ts';
import { ERASED_OWNER } from '../../stores/erase.ts';
import { cutoff } from '../batches.ts';
import type { SweepContext } from '../rule.ts';
import { deleteRows, reduceRows } from '../row-rules.ts';

// The push log counts pushes against the month's budget (the budget is per month, for all
// owners together). While the month lasts a row keeps the owner's LINE user id and its full
// purpose; once the month is over it keeps the month, the counts and the kind of purpose
// (`remind`, `captcha`, …) only: the user id becomes 'erased' (the column is NOT NULL). Rows
// older than about 13 months are deleted.

type Eb = ExpressionBuilder<Database, 'push_log'>;

/** What a past month's rows keep instead of the owner's LINE user id (as an erased owner's rows do). */
export const ERASED_USER = ERASED_OWNER;

/** The purpose's first part (`remind:<store>:<period>:<day>` → `remind`); the whole of one without parts. */
function purposeKind(db: Db): RawBuilder<string> {
  return dialectOf(db) === 'postgres' ? sql<string>`split_part(purpose, ':', 1)` : sql<string>`substr(purpose, 1, instr(purpose || ':', ':') - 1)`;
}

function deletable(ctx: SweepContext) {
  return (eb: Eb) => eb('sent_at', '<', cutoff(ctx.now, ctx.settings.pushLogDeleteAfterMs));
}

/** Of a month that is over, not reduced yet, and not due for deletion. */
function reducible(ctx: SweepContext) {
  return (eb: Eb) =>
    eb.and([
      eb('month', '<', monthOf(ctx.now)),
      eb('sent_at', '>=', cutoff(ctx.now, ctx.settings.pushLogDeleteAfterMs)),
      eb.or([eb('line_user_id', '<>', ERASED_USER), eb('purpose', 'like', '%:%')]),
    ]);
}

export const pushLogReduce = reduceRows({
  key: 'pushLogReduced',
  table: 'push_log',
  change: 'month over: LINE user id erased, purpose cut to its kind',
  idColumn: 'id',
  rows: reducible,
  set: (ctx) => ({ line_user_id: ERASED_USER, purpose: purposeKind(ctx.db) }),
});

export const pushLogDelete = deleteRows({
  key: 'pushLogDeleted',
  table: 'push_log',
  change: 'older than RETENTION_PUSH_LOG_DELETE_AFTER: row deleted',
  idColumn: 'id',
  rows: deletable,
});

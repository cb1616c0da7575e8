import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { Database } from '../db/schema.ts';
import { countOf, inBatches } from './batches.ts';
import type { RetentionRule, SweepContext } from './rule.ts';

type TableName = keyof Database & string;

/** Which rows of the table a rule takes now (typed against the table where the rule is written). */
export type RowFilter<T extends TableName> = (ctx: SweepContext) => (eb: ExpressionBuilder<Database, T>) => Expression<SqlBool>;

interface RowRuleSpec<T extends TableName> {
  /** The field in the sweep's log line, e.g. `inboxDeleted`. */
  readonly key: string;
  readonly table: T;
  /** What happens to a row, in a few words, for the data report. */
  readonly change: string;
  /** A column that tells rows apart, to take them a batch at a time. */
  readonly idColumn: keyof Database[T] & string;
  readonly rows: RowFilter<T>;
}

interface ReduceSpec<T extends TableName> extends RowRuleSpec<T> {
  /** The columns to blank, and what they become. */
  readonly set: (ctx: SweepContext) => Record<string, unknown>;
}

// The statements are the same for every table; Kysely types them per table, so they are built
// on an untyped view of the database here (Kysely's own escape hatch), and each rule's filter is
// typed against its table where it is written.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

function untyped<T extends TableName>(ctx: SweepContext, spec: RowRuleSpec<T>) {
  const db = ctx.db as unknown as AnyDb;
  const table: string = spec.table;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const rows = spec.rows(ctx) as unknown as (eb: ExpressionBuilder<any, string>) => Expression<SqlBool>;
  return { db, table, rows, batch: (limit: number) => db.selectFrom(table).select(spec.idColumn).where(rows).limit(limit) };
}

/** What the report says of a rule, and how many rows it would take now. */
function described<T extends TableName>(spec: RowRuleSpec<T>): Omit<RetentionRule, 'apply'> {
  return { key: spec.key, table: spec.table, change: spec.change, pending: pendingRows(spec) };
}

function pendingRows<T extends TableName>(spec: RowRuleSpec<T>): (ctx: SweepContext) => Promise<number> {
  return (ctx) => {
    const { db, table, rows } = untyped(ctx, spec);
    return countOf(db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where(rows));
  };
}

/** A rule that deletes the rows `spec.rows` takes, a batch at a time. */
export function deleteRows<T extends TableName>(spec: RowRuleSpec<T>): RetentionRule {
  return {
    ...described(spec),
    apply: (ctx) =>
      inBatches(ctx, async (limit) => {
        const { db, table, rows, batch } = untyped(ctx, spec);
        const result = await db.deleteFrom(table).where(rows).where(spec.idColumn, 'in', batch(limit)).executeTakeFirst();
        return result.numDeletedRows;
      }),
  };
}

/** A rule that keeps the rows `spec.rows` takes but blanks the columns in `spec.set`, a batch at a time. */
export function reduceRows<T extends TableName>(spec: ReduceSpec<T>): RetentionRule {
  return {
    ...described(spec),
    apply: (ctx) =>
      inBatches(ctx, async (limit) => {
        const { db, table, rows, batch } = untyped(ctx, spec);
        const result = await db
          .updateTable(table)
          .set(spec.set(ctx))
          .where(rows)
          .where(spec.idColumn, 'in', batch(limit))
          .executeTakeFirst();
        return result.numUpdatedRows;
      }),
  };
}

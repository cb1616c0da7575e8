import { sql, type Kysely } from 'kysely';

// Its rows are in period_ranges_next now (previous migration).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('period_ranges').execute();
}

/** The table as 20261125T0004 made it, with the rows it can hold (corrections' removals cannot go back). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('period_ranges')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('store_period_id', 'text', (col) => col.notNull().references('store_periods.id').onDelete('cascade'))
    .addColumn('track', 'text', (col) => col.notNull().check(sql`length(track) = 2`))
    .addColumn('start_no', 'integer', (col) => col.notNull().check(sql`start_no between 0 and 99999999`))
    .addColumn('end_no', 'integer', (col) => col.notNull().check(sql`end_no between 0 and 99999999`))
    .addColumn('outcome', 'text', (col) =>
      col
        .notNull()
        .defaultTo('queued')
        .check(sql`outcome in ('queued', 'saved', 'already_listed', 'refused', 'listed')`),
    )
    .addColumn('outcome_message', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addCheckConstraint('period_ranges_end_after_start', sql`end_no >= start_no`)
    .addUniqueConstraint('period_ranges_unique_range', ['store_period_id', 'track', 'start_no'])
    .execute();
  await sql`
    insert into period_ranges (id, store_period_id, track, start_no, end_no, outcome, outcome_message, created_at, updated_at)
    select id, store_period_id, track, start_no, end_no, outcome, outcome_message, created_at, updated_at
    from period_ranges_next
    where outcome not in ('remove_queued', 'removed')
  `.execute(db);
}

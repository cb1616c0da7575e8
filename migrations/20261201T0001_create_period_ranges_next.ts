import { sql, type Kysely } from 'kysely';

// period_ranges in the shape a correction needs: two more outcomes ('remove_queued', 'removed'),
// one row per exact range (a wrong row and its replacement may share a start), and saved_at.
// SQLite cannot change a CHECK in place, so the table is rebuilt: created here, filled,
// the old one dropped and this one renamed, one statement per migration.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('period_ranges_next')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('store_period_id', 'text', (col) => col.notNull().references('store_periods.id').onDelete('cascade'))
    .addColumn('track', 'text', (col) => col.notNull().check(sql`length(track) = 2`))
    .addColumn('start_no', 'integer', (col) => col.notNull().check(sql`start_no between 0 and 99999999`))
    .addColumn('end_no', 'integer', (col) => col.notNull().check(sql`end_no between 0 and 99999999`))
    .addColumn('outcome', 'text', (col) => col.notNull().defaultTo('queued'))
    .addColumn('outcome_message', 'text')
    .addColumn('saved_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addCheckConstraint('period_ranges_end_after_start', sql`end_no >= start_no`)
    .addCheckConstraint(
      'period_ranges_outcome_known',
      sql`outcome in ('queued', 'saved', 'already_listed', 'refused', 'listed', 'remove_queued', 'removed')`,
    )
    .addUniqueConstraint('period_ranges_exact_range_unique', ['store_period_id', 'track', 'start_no', 'end_no'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('period_ranges_next').execute();
}

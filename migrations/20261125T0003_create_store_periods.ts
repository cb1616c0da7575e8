import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('store_periods')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('store_id', 'text', (col) => col.notNull().references('stores.id').onDelete('cascade'))
    .addColumn('period_key', 'text', (col) => col.notNull().check(sql`length(period_key) = 5`))
    .addColumn('state', 'text', (col) =>
      col
        .notNull()
        .defaultTo('pending')
        .check(sql`state in ('pending', 'queued', 'submitted', 'confirmed', 'nothing_to_report')`),
    )
    .addColumn('queued_at', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('store_periods_store_period_unique', ['store_id', 'period_key'])
    .execute();
  await db.schema.createIndex('store_periods_period_state').on('store_periods').columns(['period_key', 'state']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('store_periods').execute();
}

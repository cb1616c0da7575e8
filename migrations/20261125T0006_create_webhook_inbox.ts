import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhook_inbox')
    .addColumn('webhook_event_id', 'text', (col) => col.primaryKey())
    .addColumn('line_user_id', 'text')
    .addColumn('event_type', 'text', (col) => col.notNull())
    .addColumn('event_timestamp', 'bigint', (col) => col.notNull())
    .addColumn('batch_index', 'integer', (col) => col.notNull())
    .addColumn('payload_json', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'done', 'skipped', 'failed')`),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('received_at', 'text', (col) => col.notNull())
    .addColumn('processed_at', 'text')
    .execute();
  await db.schema
    .createIndex('webhook_inbox_pending_by_user')
    .on('webhook_inbox')
    .columns(['status', 'line_user_id', 'event_timestamp', 'batch_index'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_inbox').execute();
}

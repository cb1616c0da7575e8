import { sql, type Kysely } from 'kysely';

// Messages to owners are written here in the same transaction as the conversation step
// that produced them, then delivered; a crash between the two loses nothing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('line_user_id', 'text', (col) => col.notNull())
    .addColumn('reply_token', 'text')
    .addColumn('reply_token_expires_at', 'text')
    .addColumn('messages_json', 'text', (col) => col.notNull())
    .addColumn('retry_key', 'text', (col) => col.notNull().unique())
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('urgent', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'sent', 'failed', 'skipped')`),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (col) => col.notNull())
    .addColumn('delivered_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbox').execute();
}

import { sql, type Kysely } from 'kysely';

// Its rows are in outbox_next now (previous migration).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbox').execute();
}

/**
 * The table as 20261125T0009 made it, with the rows it can hold: a message in flight goes back as
 * pending (the old code sends it again, as it did before), an assumed reply as sent.
 */
export async function down(db: Kysely<unknown>): Promise<void> {
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
  await sql`
    insert into outbox
      (id, line_user_id, reply_token, reply_token_expires_at, messages_json, retry_key, purpose, urgent, status,
       attempts, next_attempt_at, delivered_by, last_error, created_at, sent_at)
    select id, line_user_id, reply_token, reply_token_expires_at, messages_json, retry_key, purpose, urgent,
      case status when 'sending' then 'pending' when 'assumed_sent' then 'sent' else status end,
      attempts, next_attempt_at, delivered_by, last_error, created_at, sent_at
    from outbox_next
  `.execute(db);
}

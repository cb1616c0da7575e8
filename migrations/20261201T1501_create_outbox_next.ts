import { sql, type Kysely } from 'kysely';

// outbox in the shape exactly-once delivery needs: a message is marked 'sending' (how, and since
// when) and committed before LINE is called, so after a crash the bot knows which messages may
// already be on the owner's phone; 'assumed_sent' is a reply that most likely showed (see
// src/line/outbox.ts). SQLite cannot change a CHECK in place, so the table is rebuilt: created
// here, filled, the old one dropped and this one renamed, one statement per migration.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox_next')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('line_user_id', 'text', (col) => col.notNull())
    .addColumn('reply_token', 'text')
    .addColumn('reply_token_expires_at', 'text')
    .addColumn('messages_json', 'text', (col) => col.notNull())
    .addColumn('retry_key', 'text', (col) => col.notNull().unique())
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('urgent', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (col) => col.notNull())
    .addColumn('sending_via', 'text')
    .addColumn('sending_since', 'text')
    .addColumn('delivered_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('sent_at', 'text')
    .addCheckConstraint('outbox_status_known', sql`status in ('pending', 'sending', 'sent', 'assumed_sent', 'failed', 'skipped')`)
    .addCheckConstraint('outbox_sending_via_known', sql`sending_via is null or sending_via in ('reply', 'push')`)
    .addCheckConstraint('outbox_sending_says_how', sql`status <> 'sending' or (sending_via is not null and sending_since is not null)`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbox_next').execute();
}

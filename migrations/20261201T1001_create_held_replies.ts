import type { Kysely } from 'kysely';

// Reply tokens held for an answer that takes a few seconds (a job reaching the platform's captcha,
// its outcome): the answer goes out as a free reply instead of a billed push.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('held_replies')
    .addColumn('reply_token', 'text', (col) => col.primaryKey())
    .addColumn('line_user_id', 'text', (col) => col.notNull())
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('lead_json', 'text', (col) => col.notNull())
    .addColumn('fallback_json', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('held'))
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('held_replies').execute();
}

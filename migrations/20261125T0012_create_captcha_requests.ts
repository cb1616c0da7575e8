import { sql, type Kysely } from 'kysely';

// A captcha the platform showed a job, waiting for the owner's 5-digit answer in LINE.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('captcha_requests')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('line_user_id', 'text', (col) => col.notNull())
    .addColumn('job_id', 'text', (col) => col.notNull())
    .addColumn('attempt', 'integer', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('waiting')
        .check(sql`status in ('waiting', 'answered', 'cancelled', 'expired')`),
    )
    .addColumn('answer', 'text')
    .addColumn('asked_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('answered_at', 'text')
    .execute();
  await db.schema.createIndex('captcha_requests_waiting').on('captcha_requests').columns(['line_user_id', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('captcha_requests').execute();
}

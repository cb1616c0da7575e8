import { sql, type Kysely } from 'kysely';

// captcha_requests in the shape one-image-at-a-time needs: two more statuses ('queued' waits its
// turn behind the owner's shown request, 'refreshing' waits for the new image the owner asked
// for), the store and period the prompt names, its place in the owner's line, and queued_at
// apart from asked_at (when shown, which starts the owner's 10 minutes; null while queued).
// SQLite cannot change a CHECK in place, so the table is rebuilt: created here, filled,
// the old one dropped and this one renamed, one statement per migration.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('captcha_requests_next')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('line_user_id', 'text', (col) => col.notNull())
    .addColumn('job_id', 'text', (col) => col.notNull())
    .addColumn('attempt', 'integer', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('queued'))
    .addColumn('answer', 'text')
    .addColumn('store_name', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('period_label', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('place', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('queued_at', 'text', (col) => col.notNull())
    .addColumn('asked_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('answered_at', 'text')
    .addCheckConstraint(
      'captcha_requests_status_known',
      sql`status in ('queued', 'waiting', 'refreshing', 'answered', 'cancelled', 'expired')`,
    )
    .addCheckConstraint('captcha_requests_shown_has_window', sql`status not in ('waiting', 'refreshing') or (asked_at is not null and expires_at is not null)`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('captcha_requests_next').execute();
}

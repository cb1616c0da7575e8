import { sql, type Kysely } from 'kysely';

// Its rows are in captcha_requests_next now (previous migration).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('captcha_requests').execute();
}

/**
 * The table as 20261125T0012 made it, with the rows it can hold: a request still in line or
 * waiting for a new image cannot be told apart there, so it goes back as expired.
 */
export async function down(db: Kysely<unknown>): Promise<void> {
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
  await sql`
    insert into captcha_requests (id, line_user_id, job_id, attempt, status, answer, asked_at, expires_at, answered_at)
    select id, line_user_id, job_id, attempt,
      case when status in ('queued', 'refreshing') then 'expired' else status end,
      answer, coalesce(asked_at, queued_at), coalesce(expires_at, queued_at), answered_at
    from captcha_requests_next
  `.execute(db);
}

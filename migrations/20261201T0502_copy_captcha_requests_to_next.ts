import { sql, type Kysely } from 'kysely';

// Requests from before the line were shown as soon as they were made: queued when asked.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into captcha_requests_next
      (id, line_user_id, job_id, attempt, status, answer, queued_at, asked_at, expires_at, answered_at)
    select id, line_user_id, job_id, attempt, status, answer, asked_at, asked_at, expires_at, answered_at
    from captcha_requests
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from captcha_requests_next`.execute(db);
}

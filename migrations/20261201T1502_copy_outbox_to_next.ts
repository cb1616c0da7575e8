import { sql, type Kysely } from 'kysely';

// Messages from before 'sending' existed were never marked in flight.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into outbox_next
      (id, line_user_id, reply_token, reply_token_expires_at, messages_json, retry_key, purpose, urgent, status,
       attempts, next_attempt_at, sending_via, sending_since, delivered_by, last_error, created_at, sent_at)
    select id, line_user_id, reply_token, reply_token_expires_at, messages_json, retry_key, purpose, urgent, status,
      attempts, next_attempt_at, null, null, delivered_by, last_error, created_at, sent_at
    from outbox
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from outbox_next`.execute(db);
}

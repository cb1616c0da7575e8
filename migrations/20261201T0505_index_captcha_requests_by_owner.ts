import type { Kysely } from 'kysely';

// Every text an owner sends looks for their shown request; a job looks for who is ahead in line.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('captcha_requests_owner_status').on('captcha_requests').columns(['line_user_id', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('captcha_requests_owner_status').execute();
}

import type { Kysely } from 'kysely';

// A job asking anew closes whatever request it left open (a crash, a run again).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('captcha_requests_job').on('captcha_requests').column('job_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('captcha_requests_job').execute();
}

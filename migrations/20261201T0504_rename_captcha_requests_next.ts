import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('captcha_requests_next').renameTo('captcha_requests').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('captcha_requests').renameTo('captcha_requests_next').execute();
}

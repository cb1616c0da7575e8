import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('period_ranges_next').renameTo('period_ranges').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('period_ranges').renameTo('period_ranges_next').execute();
}

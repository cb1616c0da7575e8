import type { Kysely } from 'kysely';

// Why the period needs the owner (a failed upload, refused ranges, a missing check); null when it does not.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('store_periods').addColumn('attention_reason', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('store_periods').dropColumn('attention_reason').execute();
}

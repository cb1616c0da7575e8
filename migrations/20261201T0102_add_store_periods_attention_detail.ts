import type { Kysely } from 'kysely';

// Plain words about that reason for the owner (which ranges, which message), or null.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('store_periods').addColumn('attention_detail', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('store_periods').dropColumn('attention_detail').execute();
}

import type { Kysely } from 'kysely';

// The owner's new list of ranges that arrived while a job was saving; applied as a correction when it finishes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('store_periods').addColumn('pending_edit_json', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('store_periods').dropColumn('pending_edit_json').execute();
}

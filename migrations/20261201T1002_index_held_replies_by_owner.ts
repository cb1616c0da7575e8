import type { Kysely } from 'kysely';

// A job looks up the owner's held tokens; the sweep looks up the ones about to lapse.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('held_replies_owner_status').on('held_replies').columns(['line_user_id', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('held_replies_owner_status').execute();
}

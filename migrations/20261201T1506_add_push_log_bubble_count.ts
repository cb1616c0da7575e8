import type { Kysely } from 'kysely';

// LINE bills one message per push request and recipient, whatever the bubbles in it (up to 5):
// message_count becomes that count (next migration), and the bubbles are kept apart.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('push_log').addColumn('bubble_count', 'integer', (col) => col.notNull().defaultTo(1)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('push_log').dropColumn('bubble_count').execute();
}

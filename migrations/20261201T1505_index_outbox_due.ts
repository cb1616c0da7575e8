import type { Kysely } from 'kysely';

// The sender looks for messages due (pending, or left sending by a crash) every few seconds.
// The old table's index of this name went with it (20261201T1503).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('outbox_due').execute();
}

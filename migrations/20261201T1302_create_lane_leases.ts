import type { Kysely } from 'kysely';

// Who delivers one owner's messages right now: a lease per lane ('outbox:<LINE user id>'), so
// that with several processes on one database each owner's messages still go out one at a
// time and in order. A lease that is not renewed lapses, and another process takes over.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lane_leases')
    .addColumn('lane', 'text', (col) => col.primaryKey())
    .addColumn('holder', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('lane_leases').execute();
}

import { sql, type Kysely } from 'kysely';

// Pushes logged before held their bubbles in message_count; each was one push request, one billed
// message. (Both assignments read the row as it was, in SQLite and PostgreSQL alike.)
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update push_log set bubble_count = message_count, message_count = 1`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update push_log set message_count = bubble_count`.execute(db);
}

import { sql, type Kysely } from 'kysely';

// When an owner unfollowed (or blocked) the bot: their data is erased RETENTION_AFTER_UNFOLLOW later
// unless they come back. Owners who had already left are counted from their row's last change.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('owners').addColumn('unfollowed_at', 'text').execute();
  await sql`update owners set unfollowed_at = updated_at where following = 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('owners').dropColumn('unfollowed_at').execute();
}

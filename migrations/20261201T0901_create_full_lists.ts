import type { Kysely } from 'kysely';

// Content too long for LINE (a card's full list of ranges, a reply over five bubbles), shown on a page
// at an unguessable URL that expires. Only the token's hash is stored; the lines are JSON text, so the
// same columns work on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('full_lists')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('line_user_id', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('lines_json', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('full_lists_expires_at').on('full_lists').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('full_lists').execute();
}

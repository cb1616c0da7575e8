import type { Kysely } from 'kysely';

// One-time links where an owner types the platform 帳號 and 密碼 (never in chat).
// Only a hash of the link's token is stored, so the table cannot be used to open a form.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('credential_forms')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('store_id', 'text', (col) => col.notNull().references('stores.id').onDelete('cascade'))
    .addColumn('line_user_id', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('credential_forms').execute();
}

import type { Kysely } from 'kysely';

// The platform's cookies after a store's last upload, sealed with the vault: a check of 查詢 soon
// after may carry on without a new login (and so without asking the owner for a captcha).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('platform_sessions')
    .addColumn('store_id', 'text', (col) => col.primaryKey().references('stores.id').onDelete('cascade'))
    .addColumn('sealed_state', 'text', (col) => col.notNull())
    .addColumn('saved_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('platform_sessions').execute();
}

import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stores')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('owner_line_user_id', 'text', (col) =>
      col.notNull().references('owners.line_user_id').onDelete('cascade'),
    )
    .addColumn('ubn', 'text', (col) => col.notNull().check(sql`length(ubn) = 8`))
    .addColumn('branch_ubn', 'text', (col) => col.notNull().check(sql`length(branch_ubn) = 8`))
    .addColumn('invoice_type', 'text', (col) => col.notNull().check(sql`invoice_type in ('07', '08')`))
    .addColumn('display_name', 'text', (col) => col.notNull())
    .addColumn('sealed_credentials', 'text')
    .addColumn('credentials_updated_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('stores_owner_ubn_branch_unique', ['owner_line_user_id', 'ubn', 'branch_ubn'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('stores').execute();
}

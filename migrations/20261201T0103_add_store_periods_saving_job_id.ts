import type { Kysely } from 'kysely';

// The submission job between reading the period's ranges and the platform's answer to 存檔; an edit then waits for it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('store_periods').addColumn('saving_job_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('store_periods').dropColumn('saving_job_id').execute();
}

import { sql, type Kysely } from 'kysely';

// Rows saved before saved_at existed were saved when they were last updated.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into period_ranges_next
      (id, store_period_id, track, start_no, end_no, outcome, outcome_message, saved_at, created_at, updated_at)
    select id, store_period_id, track, start_no, end_no, outcome, outcome_message,
      case when outcome = 'saved' then updated_at else null end, created_at, updated_at
    from period_ranges
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from period_ranges_next`.execute(db);
}

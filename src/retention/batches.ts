import type { SweepContext } from './rule.ts';

/**
 * Rows changed per statement. Each batch commits on its own, so a first sweep over a large
 * backlog never holds SQLite's one write lock (or many PostgreSQL row locks) for long.
 */
export const BATCH_SIZE = 500;

/** Runs `batch` (which changes up to `limit` rows) until a batch changes fewer; the total changed. */
export async function inBatches(ctx: SweepContext, batch: (limit: number) => Promise<number | bigint | undefined>): Promise<number> {
  let total = 0;
  for (;;) {
    const changed = Number((await batch(BATCH_SIZE)) ?? 0);
    total += changed;
    if (changed < BATCH_SIZE || ctx.going?.() === false) return total;
  }
}

/** The ISO instant `ms` before `now`: rows stamped earlier than it are old enough. */
export function cutoff(now: Date, ms: number): string {
  return new Date(now.getTime() - ms).toISOString();
}

/** The count of a `select count(*) as n` query. */
export async function countOf(query: { executeTakeFirst(): Promise<{ n: number | string | bigint } | undefined> }): Promise<number> {
  return Number((await query.executeTakeFirst())?.n ?? 0);
}

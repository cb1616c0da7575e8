import { countOf, cutoff, inBatches } from '../batches.ts';
import type { RetentionRule, SweepContext } from '../rule.ts';

// The platform's cookies after an upload serve a check of 查詢 soon after (the platform's own
// idle timeout ends them much sooner); a day later they are deleted.

const savedBefore = (ctx: SweepContext) => cutoff(ctx.now, ctx.settings.platformSessionsAfterMs);

export const platformSessionsDelete: RetentionRule = {
  key: 'platformSessionsDeleted',
  table: 'platform_sessions',
  change: 'saved over RETENTION_PLATFORM_SESSIONS_AFTER ago: row deleted',
  pending: (ctx) => countOf(ctx.db.selectFrom('platform_sessions').select((eb) => eb.fn.countAll().as('n')).where('saved_at', '<', savedBefore(ctx))),
  apply: (ctx) =>
    inBatches(ctx, async (limit) => {
      const batch = ctx.db.selectFrom('platform_sessions').select('store_id').where('saved_at', '<', savedBefore(ctx)).limit(limit);
      const result = await ctx.db.deleteFrom('platform_sessions').where('saved_at', '<', savedBefore(ctx)).where('store_id', 'in', batch).executeTakeFirst();
      return result.numDeletedRows;
    }),
};

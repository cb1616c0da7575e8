import { countOf, cutoff, inBatches } from '../batches.ts';
import type { RetentionRule, SweepContext } from '../rule.ts';

// A held reply token lives about a minute (LINE's reply window): it is used, or spent on its
// fallback just before it lapses (src/jobs/held-replies.ts). Past that, and a margin for a
// release still under way, the row is deleted.

const lapsedBefore = (ctx: SweepContext) => cutoff(ctx.now, ctx.settings.heldRepliesAfterMs);

export const heldRepliesDelete: RetentionRule = {
  key: 'heldRepliesDeleted',
  table: 'held_replies',
  change: 'lapsed: row deleted',
  pending: (ctx) => countOf(ctx.db.selectFrom('held_replies').select((eb) => eb.fn.countAll().as('n')).where('expires_at', '<=', lapsedBefore(ctx))),
  apply: (ctx) =>
    inBatches(ctx, async (limit) => {
      const batch = ctx.db.selectFrom('held_replies').select('reply_token').where('expires_at', '<=', lapsedBefore(ctx)).limit(limit);
      const result = await ctx.db.deleteFrom('held_replies').where('expires_at', '<=', lapsedBefore(ctx)).where('reply_token', 'in', batch).executeTakeFirst();
      return result.numDeletedRows;
    }),
};

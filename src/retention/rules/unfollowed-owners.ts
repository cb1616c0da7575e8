import { eraseUnfollowedOwners } from '../../stores/erase.ts';
import { countOf, cutoff } from '../batches.ts';
import type { RetentionRule } from '../rule.ts';

// Owners who unfollowed (or blocked) the bot more than RETENTION_AFTER_UNFOLLOW ago and did not
// come back: everything of theirs is erased by src/stores/erase.ts, one owner per transaction.
// The pending count is the owners due; one whose follow event is still waiting is skipped then.

export const unfollowedOwnersErase: RetentionRule = {
  key: 'unfollowedOwnersErased',
  table: 'owners',
  change: 'unfollowed over RETENTION_AFTER_UNFOLLOW ago: owner and all their data erased',
  pending: (ctx) =>
    countOf(
      ctx.db
        .selectFrom('owners')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('following', '=', 0)
        .where('unfollowed_at', '<=', cutoff(ctx.now, ctx.settings.afterUnfollowMs)),
    ),
  apply: (ctx) => eraseUnfollowedOwners(ctx.db, ctx.now, ctx.settings.afterUnfollowMs),
};

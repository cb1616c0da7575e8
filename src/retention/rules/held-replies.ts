import { cutoff } from '../batches.ts';
import { deleteRows } from '../row-rules.ts';

// A held reply token lives about a minute (LINE's reply window): it is used, or spent on its
// fallback just before it lapses (src/jobs/held-replies.ts). Past that, and a margin for a
// release still under way, the row is deleted.

export const heldRepliesDelete = deleteRows({
  key: 'heldRepliesDeleted',
  table: 'held_replies',
  change: 'lapsed: row deleted',
  idColumn: 'reply_token',
  rows: (ctx) => (eb) => eb('expires_at', '<=', cutoff(ctx.now, ctx.settings.heldRepliesAfterMs)),
});

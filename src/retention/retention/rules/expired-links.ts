import { countOf, cutoff, inBatches } from '../batches.ts';
import type { RetentionRule, SweepContext } from '../rule.ts';

// What a link in a message opens, each behind a token that lapses: captcha images, the
// one-time credential form, and full-list pages. Once lapsed the web refuses them (with the
// same words as for an unknown link), so the rows are deleted then.

const expired = (ctx: SweepContext) => cutoff(ctx.now, 0);

export const imagesDelete: RetentionRule = {
  key: 'imagesDeleted',
  table: 'images',
  change: 'expired: row deleted',
  pending: (ctx) => countOf(ctx.db.selectFrom('images').select((eb) => eb.fn.countAll().as('n')).where('expires_at', '<=', expired(ctx))),
  apply: (ctx) =>
    inBatches(ctx, async (limit) => {
      const batch = ctx.db.selectFrom('images').select('token_hash').where('expires_at', '<=', expired(ctx)).limit(limit);
      const result = await ctx.db.deleteFrom('images').where('expires_at', '<=', expired(ctx)).where('token_hash', 'in', batch).executeTakeFirst();
      return result.numDeletedRows;
    }),
};

export const credentialFormsDelete: RetentionRule = {
  key: 'formsDeleted',
  table: 'credential_forms',
  change: 'expired: row deleted',
  pending: (ctx) => countOf(ctx.db.selectFrom('credential_forms').select((eb) => eb.fn.countAll().as('n')).where('expires_at', '<=', expired(ctx))),
  apply: (ctx) =>
    inBatches(ctx, async (limit) => {
      const batch = ctx.db.selectFrom('credential_forms').select('token_hash').where('expires_at', '<=', expired(ctx)).limit(limit);
      const result = await ctx.db.deleteFrom('credential_forms').where('expires_at', '<=', expired(ctx)).where('token_hash', 'in', batch).executeTakeFirst();
      return result.numDeletedRows;
    }),
};

export const fullListsDelete: RetentionRule = {
  key: 'fullListsDeleted',
  table: 'full_lists',
  change: 'expired: row deleted',
  pending: (ctx) => countOf(ctx.db.selectFrom('full_lists').select((eb) => eb.fn.countAll().as('n')).where('expires_at', '<=', expired(ctx))),
  apply: (ctx) =>
    inBatches(ctx, async (limit) => {
      const batch = ctx.db.selectFrom('full_lists').select('token_hash').where('expires_at', '<=', expired(ctx)).limit(limit);
      const result = await ctx.db.deleteFrom('full_lists').where('expires_at', '<=', expired(ctx)).where('token_hash', 'in', batch).executeTakeFirst();
      return result.numDeletedRows;
    }),
};

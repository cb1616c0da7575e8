import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { cutoff } from '../batches.ts';
import type { SweepContext } from '../rule.ts';
import { deleteRows } from '../row-rules.ts';

// What a link in a message opens, each behind a token that lapses: captcha images, the
// one-time credential form, and full-list pages. Once lapsed the web refuses them (with the
// same words as for an unknown link), so the rows are deleted then.

/** A table of links that lapse at `expires_at`, each row told apart by its token's hash. */
function lapsedLinks(key: string, table: 'images' | 'credential_forms' | 'full_lists') {
  return deleteRows({
    key,
    table,
    change: 'expired: row deleted',
    idColumn: 'token_hash',
    rows: (ctx: SweepContext) => (eb: ExpressionBuilder<Database, typeof table>) => eb('expires_at', '<=', cutoff(ctx.now, 0)),
  });
}

export const imagesDelete = lapsedLinks('imagesDeleted', 'images');
export const credentialFormsDelete = lapsedLinks('formsDeleted', 'credential_forms');
export const fullListsDelete = lapsedLinks('fullListsDeleted', 'full_lists');

// Pages for what did not fit in LINE (a card's whole list of ranges, a reply longer than five bubbles),
// at unguessable URLs that expire, like the images in images.ts. Only the token's hash is stored.
import { createHash, randomBytes } from 'node:crypto';
import { Router } from 'express';
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { formatTaipei } from '../invoice/taipei-time.ts';
import type { FullListPage, PublishFullList } from '../line/fit-types.ts';
import { renderFullListPage, renderGonePage } from './full-list-page.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** Long enough to look back at a card from last period; the content is the owner's own numbers. */
export const FULL_LIST_KEPT_MS = 30 * 24 * 60 * 60_000;
export const FULL_LISTS_PATH = '/lists';
const TOKEN_BYTES = 24;
// 24 bytes in base64url: anything else cannot be one of our tokens, so it is not even looked up.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}$/;

// A page of the owner's data: never cached, never framed, never sniffed as anything but HTML, and the
// token in its URL is not sent on as a Referer.
const HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'X-Robots-Tag': 'noindex, nofollow',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface FullListDrafts {
  /** Gives the page its link at once (fitting needs it to build the message); nothing is stored yet. */
  readonly publish: PublishFullList;
  readonly count: number;
  /** Stores every drafted page, in the caller's transaction. */
  save(db: Executor, lineUserId: string, now: Date): Promise<void>;
}

export function draftFullLists(publicBaseUrl: string): FullListDrafts {
  const drafts: { tokenHash: string; page: FullListPage }[] = [];
  return {
    publish(page) {
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      drafts.push({ tokenHash: hash(token), page });
      return `${publicBaseUrl}${FULL_LISTS_PATH}/${token}`;
    },
    get count() {
      return drafts.length;
    },
    async save(db, lineUserId, now) {
      const expiresAt = new Date(now.getTime() + FULL_LIST_KEPT_MS).toISOString();
      for (const { tokenHash, page } of drafts) {
        await db
          .insertInto('full_lists')
          .values({
            token_hash: tokenHash,
            line_user_id: lineUserId,
            title: page.title,
            lines_json: JSON.stringify(page.lines),
            expires_at: expiresAt,
            created_at: now.toISOString(),
          })
          .execute();
      }
    },
  };
}

/** Stores one page and returns its URL under publicBaseUrl (for a builder that links to a list itself). */
export async function publishFullList(db: Executor, lineUserId: string, page: FullListPage, publicBaseUrl: string, now: Date): Promise<string> {
  const drafts = draftFullLists(publicBaseUrl);
  const url = drafts.publish(page);
  await drafts.save(db, lineUserId, now);
  return url;
}

/** GET /lists/:token — the page while it is valid; 404 otherwise (a dead link says nothing more). */
export function fullListsRouter(db: Kysely<Database>, clock: Clock): Router {
  const router = Router();
  router.get(`${FULL_LISTS_PATH}/:token`, async (req, res) => {
    res.set(HEADERS);
    const token = req.params.token;
    const row = TOKEN_SHAPE.test(token)
      ? await db.selectFrom('full_lists').selectAll().where('token_hash', '=', hash(token)).where('expires_at', '>', clock.now().toISOString()).executeTakeFirst()
      : undefined;
    if (!row) {
      res.status(404).type('html').send(renderGonePage());
      return;
    }
    const lines = JSON.parse(row.lines_json) as string[];
    res.type('html').send(renderFullListPage({ title: row.title, lines, validUntil: formatTaipei(new Date(row.expires_at), 'YYYY/MM/DD HH:mm') }));
  });
  return router;
}

import { createHash, randomBytes } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import { Router } from 'express';
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Stores an image and returns its unguessable URL under publicBaseUrl; it stops working at expiresAt. */
export async function publishImage(
  db: Executor,
  image: { lineUserId: string; purpose: string; bytes: Buffer; contentType?: string; expiresAt: Date },
  publicBaseUrl: string,
  now: Date,
): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await db
    .insertInto('images')
    .values({
      token_hash: hash(token),
      line_user_id: image.lineUserId,
      purpose: image.purpose,
      content_type: image.contentType ?? 'image/png',
      data_base64: image.bytes.toString('base64'),
      expires_at: image.expiresAt.toISOString(),
      created_at: now.toISOString(),
    })
    .execute();
  return `${publicBaseUrl}/images/${token}.png`;
}

/**
 * An image message for a published image, or a text with its link where the image could not be shown:
 * LINE shows images only from https URLs. The local playground shows http ones (`httpImagesShown`).
 */
export function imageOrLink(url: string, linkText: (url: string) => string, httpImagesShown: boolean): messagingApi.Message {
  if (url.startsWith('https://') || httpImagesShown) return { type: 'image', originalContentUrl: url, previewImageUrl: url };
  return { type: 'text', text: linkText(url) };
}

/** GET /images/:token.png — the image while it is valid, 404 otherwise (an expired link says nothing more). */
export function imagesRouter(db: Kysely<Database>, clock: Clock): Router {
  const router = Router();
  router.get('/images/:file', async (req, res) => {
    const token = /^([\w-]{16,64})\.png$/.exec(req.params.file)?.[1];
    const row = token
      ? await db.selectFrom('images').selectAll().where('token_hash', '=', hash(token)).where('expires_at', '>', clock.now().toISOString()).executeTakeFirst()
      : undefined;
    // Never sniffed as anything but the stored type: the bytes are ours, but the URL is public.
    res.set({ 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' });
    if (!row) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    res.type(row.content_type).send(Buffer.from(row.data_base64, 'base64'));
  });
  return router;
}

// Replies are free and pushes are billed. When the owner's tap starts work that answers a few
// seconds later (確認上傳 → the platform's captcha; the captcha answer → 已送出; 查看結果 → ✅),
// the tap's reply token is held for that answer. A token about to lapse unused is spent on a
// short reply saying what happens next, and the answer goes as a push after all.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { LineMessage } from '../line/line-api.ts';
import { enqueueMessages, REPLY_TOKEN_LIFETIME_MS } from '../line/outbox.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** LINE keeps a reply token for about a minute; the bot stops trusting one a little earlier (as the outbox does). */
export const HELD_REPLY_LIFETIME_MS = REPLY_TOKEN_LIFETIME_MS;
/** A held token is spent on its fallback this long before it lapses, so the reply still lands. */
export const RELEASE_MARGIN_MS = 15_000;

export interface HeldReply {
  readonly lineUserId: string;
  readonly replyToken: string;
  /** When LINE issued the token (the event's timestamp). */
  readonly issuedAt: Date;
  /** `period:<storePeriodId>` or `job:<jobId>`: which work may answer with it. */
  readonly purpose: string;
  /** Said first when the answer uses the token. */
  readonly lead: readonly LineMessage[];
  /** Said when no answer comes in time. */
  readonly fallback: readonly LineMessage[];
}

/** The held-reply purpose of work on one store's period (an upload, a check). */
export function periodPurpose(storePeriodId: string): string {
  return `period:${storePeriodId}`;
}

export async function holdReply(db: Executor, held: HeldReply, now: Date): Promise<void> {
  await db
    .insertInto('held_replies')
    .values({
      reply_token: held.replyToken,
      line_user_id: held.lineUserId,
      purpose: held.purpose,
      lead_json: JSON.stringify(held.lead),
      fallback_json: JSON.stringify(held.fallback),
      status: 'held',
      expires_at: new Date(held.issuedAt.getTime() + HELD_REPLY_LIFETIME_MS).toISOString(),
      created_at: now.toISOString(),
    })
    .onConflict((conflict) => conflict.column('reply_token').doNothing())
    .execute();
}

export interface Answer {
  readonly lineUserId: string;
  readonly messages: readonly LineMessage[];
  /** Logged, and counted in the push log when it goes as a push. */
  readonly outboxPurpose: string;
  /** Held tokens this answer may use, most specific first. */
  readonly heldFor: readonly string[];
  readonly urgent?: boolean;
}

/**
 * Queues an answer: as a reply with a token held for it (its lead first, up to LINE's five
 * messages), or as a push when none is fresh. Returns how it will go.
 */
export async function answerOwner(trx: Transaction<Database>, answer: Answer, now: Date): Promise<'reply' | 'push'> {
  const held = await takeHeld(trx, answer.lineUserId, answer.heldFor, now);
  const base = { lineUserId: answer.lineUserId, purpose: answer.outboxPurpose, urgent: answer.urgent ?? true };
  if (!held) {
    await enqueueMessages(trx, { ...base, messages: answer.messages }, now);
    return 'push';
  }
  const lead = JSON.parse(held.lead_json) as LineMessage[];
  const messages = [...lead, ...answer.messages];
  await enqueueMessages(trx, { ...base, messages, replyToken: held.reply_token, replyTokenExpiresAt: new Date(held.expires_at) }, now);
  return 'reply';
}

/** The freshest held token for one of these purposes, marked used in the same transaction. */
async function takeHeld(trx: Transaction<Database>, lineUserId: string, purposes: readonly string[], now: Date) {
  if (purposes.length === 0) return undefined;
  const rows = await trx
    .selectFrom('held_replies')
    .selectAll()
    .where('line_user_id', '=', lineUserId)
    .where('status', '=', 'held')
    .where('purpose', 'in', [...purposes])
    .where('expires_at', '>', new Date(now.getTime() + RELEASE_MARGIN_MS / 3).toISOString())
    .orderBy('created_at', 'desc')
    .execute();
  const row = purposes.map((purpose) => rows.find((candidate) => candidate.purpose === purpose)).find((found) => found !== undefined);
  if (!row) return undefined;
  const taken = await trx.updateTable('held_replies').set({ status: 'used' }).where('reply_token', '=', row.reply_token).where('status', '=', 'held').executeTakeFirst();
  return Number(taken.numUpdatedRows) > 0 ? row : undefined;
}

/**
 * Spends every held token about to lapse on its fallback reply (what happens next); the work it
 * was held for then answers with a push. Returns how many were released.
 */
export async function releaseLapsingHeld(db: Kysely<Database>, now: Date): Promise<number> {
  const lapsing = await db
    .selectFrom('held_replies')
    .selectAll()
    .where('status', '=', 'held')
    .where('expires_at', '<=', new Date(now.getTime() + RELEASE_MARGIN_MS).toISOString())
    .execute();
  let released = 0;
  for (const row of lapsing) {
    released += await db.transaction().execute(async (trx) => {
      const taken = await trx.updateTable('held_replies').set({ status: 'released' }).where('reply_token', '=', row.reply_token).where('status', '=', 'held').executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 0) return 0;
      const messages = [...(JSON.parse(row.lead_json) as LineMessage[]), ...(JSON.parse(row.fallback_json) as LineMessage[])];
      if (messages.length === 0) return 1;
      await enqueueMessages(trx, { lineUserId: row.line_user_id, messages, purpose: `held-fallback:${row.purpose}`, urgent: true, replyToken: row.reply_token, replyTokenExpiresAt: new Date(row.expires_at) }, now);
      return 1;
    });
  }
  return released;
}

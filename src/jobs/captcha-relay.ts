import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { foldText } from '../invoice/normalize-text.ts';
import type { LineMessage } from '../line/line-api.ts';
import { enqueueMessages } from '../line/outbox.ts';
import { PortalError } from '../portal/outcomes.ts';
import type { SolveCaptcha } from '../portal/login.ts';
import { imageOrLink, publishImage } from '../web/images.ts';
import { captchaCopy } from './copy/captcha.ts';

export const CAPTCHA_ANSWER_WINDOW_MS = 10 * 60_000;
const POLL_MS = 250;

export interface CaptchaRelayOptions {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly publicBaseUrl: string;
  /** Whether the LINE side shows http images (only the local playground does). */
  readonly httpImagesShown?: boolean;
  /** Wakes the outbox so the image goes out at once. */
  readonly messagesQueued: () => void;
}

export interface CaptchaAsk {
  readonly lineUserId: string;
  readonly jobId: string;
  /** Verification checks happen unprompted: the owner first gets one short line saying why. */
  readonly explainFirst: boolean;
  readonly signal?: AbortSignal;
}

/**
 * The owner in the loop: the driver's captcha image is pushed to the owner in
 * LINE and their next 5-digit reply is the answer. No answer within 10 minutes
 * stops the job.
 */
export function createCaptchaRelay(options: CaptchaRelayOptions) {
  return {
    solverFor(ask: CaptchaAsk): SolveCaptcha {
      return async (image, attempt) => {
        const requestId = await askOwner(options, ask, image, attempt);
        return waitForAnswer(options, requestId, ask.signal);
      };
    },
  };
}

export type CaptchaRelay = ReturnType<typeof createCaptchaRelay>;

async function askOwner(options: CaptchaRelayOptions, ask: CaptchaAsk, image: Buffer, attempt: number): Promise<string> {
  const now = options.clock.now();
  const expiresAt = new Date(now.getTime() + CAPTCHA_ANSWER_WINDOW_MS);
  const id = randomUUID();
  await options.db.transaction().execute(async (trx) => {
    await trx.updateTable('captcha_requests').set({ status: 'expired' }).where('line_user_id', '=', ask.lineUserId).where('status', '=', 'waiting').execute();
    await trx
      .insertInto('captcha_requests')
      .values({ id, line_user_id: ask.lineUserId, job_id: ask.jobId, attempt, status: 'waiting', answer: null, asked_at: now.toISOString(), expires_at: expiresAt.toISOString(), answered_at: null })
      .execute();
    const url = await publishImage(trx, { lineUserId: ask.lineUserId, purpose: 'captcha', bytes: image, expiresAt }, options.publicBaseUrl, now);
    const messages: LineMessage[] = [
      ...(ask.explainFirst && attempt === 1 ? [text(captchaCopy.verifyIntro)] : []),
      imageOrLink(url, captchaCopy.link, options.httpImagesShown ?? false),
      text(attempt === 1 ? captchaCopy.ask : captchaCopy.askAgain),
    ];
    await enqueueMessages(trx, { lineUserId: ask.lineUserId, messages, purpose: `captcha:${ask.jobId}:${attempt}`, urgent: true }, now);
  });
  options.messagesQueued();
  return id;
}

async function waitForAnswer(options: CaptchaRelayOptions, requestId: string, signal: AbortSignal | undefined): Promise<string> {
  for (;;) {
    if (signal?.aborted) throw new PortalError('aborted', 'The job stopped while waiting for the captcha answer.');
    const row = await options.db.selectFrom('captcha_requests').select(['status', 'answer', 'expires_at']).where('id', '=', requestId).executeTakeFirstOrThrow();
    if (row.status === 'answered' && row.answer) return row.answer;
    if (row.status === 'cancelled') throw new PortalError('captcha-unanswered', 'The owner stopped the captcha.');
    if (row.status === 'expired' || row.expires_at <= options.clock.now().toISOString()) {
      await options.db.updateTable('captcha_requests').set({ status: 'expired' }).where('id', '=', requestId).where('status', '=', 'waiting').execute();
      throw new PortalError('captcha-unanswered', 'No captcha answer from the owner within 10 minutes.');
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function text(value: string): LineMessage {
  return { type: 'text', text: value };
}

/** The owner's open captcha request, if one is waiting. */
export async function waitingCaptcha(db: Kysely<Database>, lineUserId: string, now: Date) {
  return db
    .selectFrom('captcha_requests')
    .select(['id', 'job_id'])
    .where('line_user_id', '=', lineUserId)
    .where('status', '=', 'waiting')
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
}

/** Five digits, full-width or with spaces, as owners type them. */
export function captchaAnswerIn(text: string): string | null {
  const digits = foldText(text).replace(/\s+/g, '');
  return /^\d{5}$/.test(digits) ? digits : null;
}

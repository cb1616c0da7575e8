import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import { withChoices } from '../conversation/messages.ts';
import type { Database } from '../db/schema.ts';
import type { LineMessage } from '../line/line-api.ts';
import { PortalError } from '../portal/outcomes.ts';
import { REFRESH_CAPTCHA, type CaptchaAnswer, type CaptchaTurn, type SolveCaptcha } from '../portal/login.ts';
import { imageOrLink, publishImage } from '../web/images.ts';
import {
  CAPTCHA_ANSWER_WINDOW_MS,
  captchaRequest,
  closeStale,
  isNextInLine,
  lockOwnersLine,
  moveCaptcha,
  queueCaptcha,
  type CaptchaRequest,
} from './captcha-requests.ts';
import { CAPTCHA_CHOICES, jobPurpose } from './captcha-reply.ts';
import { answerOwner } from './held-replies.ts';
import { captchaCopy } from './copy/captcha.ts';

export { CAPTCHA_ANSWER_WINDOW_MS };
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
  /** The store and period the job works on, as the owner knows them: 小林咖啡, 115年9-10月. */
  readonly storeName: string;
  readonly periodLabel: string;
  /** Verification checks happen unprompted: the owner first gets one short line saying why. */
  readonly explainFirst: boolean;
  /** Held reply tokens the image may go out with besides the job's own (e.g. the 確認上傳 tap's). */
  readonly replyTo?: readonly string[];
  readonly signal?: AbortSignal;
  /** The worker's JobContext.waitingForOwner: shutdown stops the wait for the answer at once. */
  readonly waitingForOwner?: <T>(wait: () => Promise<T>) => Promise<T>;
  /**
   * Asked in the transaction that queues the image: false when the job was cancelled or the owner
   * left meanwhile, so no request is left behind for an owner whose data was just erased.
   */
  readonly stillWanted?: (trx: Transaction<Database>) => Promise<boolean>;
}

/** One image of one job, to be shown to the owner when its turn comes. */
interface Question {
  readonly ask: CaptchaAsk;
  readonly image: Buffer;
  readonly attempt: number;
  readonly turn: CaptchaTurn | undefined;
}

/**
 * The owner in the loop: the driver's captcha image is pushed to the owner in LINE and
 * their reply (see captcha-reply.ts) is the answer. An owner sees one image at a time:
 * a second job's image waits in line until the first is answered, cancelled or expired,
 * and its 10 minutes start when it is shown. 換一張 brings a new image as the same request.
 */
export function createCaptchaRelay(options: CaptchaRelayOptions) {
  return {
    solverFor(ask: CaptchaAsk): SolveCaptcha {
      // The request whose owner asked for a new image: the driver's next image renews it.
      let refreshing: string | undefined;
      return async (image, attempt, turn) => {
        const question: Question = { ask, image, attempt, turn };
        const id = refreshing ?? (await queue(options, question));
        if (refreshing) await showAgain(options, id, question);
        refreshing = undefined;
        try {
          const waiting = ask.waitingForOwner ?? ((wait) => wait());
          const answer = await waiting(() => waitForAnswer(options, id, question));
          if (answer === REFRESH_CAPTCHA) refreshing = id;
          return answer;
        } catch (error) {
          // Stopped waiting (aborted, timed out): the owner's line moves on.
          await moveCaptcha(options.db, id, ['queued', 'waiting', 'refreshing'], { status: 'expired' }).catch(() => undefined);
          throw error;
        }
      };
    },
  };
}

export type CaptchaRelay = ReturnType<typeof createCaptchaRelay>;

async function queue(options: CaptchaRelayOptions, { ask, attempt }: Question): Promise<string> {
  const id = randomUUID();
  const request = { id, lineUserId: ask.lineUserId, jobId: ask.jobId, attempt, storeName: ask.storeName, periodLabel: ask.periodLabel };
  await options.db.transaction().execute(async (trx) => {
    if (ask.stillWanted && !(await ask.stillWanted(trx))) throw new PortalError('aborted', 'The job stopped before its captcha was asked.');
    await queueCaptcha(trx, request, options.clock.now());
  });
  return id;
}

async function waitForAnswer(options: CaptchaRelayOptions, id: string, question: Question): Promise<CaptchaAnswer> {
  let inLine = false;
  for (;;) {
    stopIfAborted(question);
    const request = await captchaRequest(options.db, id);
    const now = options.clock.now();
    switch (request.status) {
      case 'queued':
        if (await takeTurn(options, request, question)) {
          question.turn?.shown();
        } else if (!inLine) {
          inLine = true;
          question.turn?.queued();
        }
        break;
      case 'waiting':
        if ((request.expires_at ?? '') <= now.toISOString()) {
          await moveCaptcha(options.db, id, ['waiting'], { status: 'expired' });
          throw new PortalError('captcha-unanswered', 'No captcha answer from the owner within 10 minutes.');
        }
        break;
      case 'refreshing':
        return REFRESH_CAPTCHA;
      case 'answered':
        if (request.answer) return request.answer;
        break;
      case 'cancelled':
        throw new PortalError('captcha-cancelled', 'The owner cancelled at the captcha.');
      case 'expired':
        throw new PortalError('captcha-unanswered', 'No captcha answer from the owner within 10 minutes.');
    }
    await pause(POLL_MS, [question.ask.signal, question.turn?.signal]);
  }
}

/** Waits ms, or less when a signal aborts: a stopped wait must not sit out its poll. */
function pause(ms: number, signals: readonly (AbortSignal | undefined)[]): Promise<void> {
  const live = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (live.some((signal) => signal.aborted)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const signal of live) signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const signal of live) signal.addEventListener('abort', done, { once: true });
  });
}

function stopIfAborted({ ask, turn }: Question): void {
  if (ask.signal?.aborted) throw new PortalError('aborted', 'The job stopped while waiting for the captcha answer.');
  if (turn?.signal.aborted) throw new PortalError('captcha-unanswered', 'The login stopped waiting for the captcha answer.');
}

/** Shows the request when it is next in the owner's line; false while another is ahead. */
async function takeTurn(options: CaptchaRelayOptions, request: CaptchaRequest, question: Question): Promise<boolean> {
  const now = options.clock.now();
  // Looked at without writing first: a job in line asks four times a second.
  if (!(await isNextInLine(options.db, request, now))) return false;
  const shown = await options.db.transaction().execute(async (trx) => {
    await lockOwnersLine(trx, request.line_user_id);
    await closeStale(trx, request.line_user_id, now);
    if (!(await isNextInLine(trx, request, now))) return false;
    const expiresAt = windowFrom(now);
    if (!(await moveCaptcha(trx, request.id, ['queued'], { status: 'waiting', asked_at: now.toISOString(), expires_at: expiresAt.toISOString() }))) return false;
    await show(options, trx, question, question.attempt === 1 ? 'ask' : 'askAgain', expiresAt, now);
    return true;
  });
  if (shown) options.messagesQueued();
  return shown;
}

/** The new image the owner asked for: the same request, shown again with a fresh 10 minutes. */
async function showAgain(options: CaptchaRelayOptions, id: string, question: Question): Promise<void> {
  const now = options.clock.now();
  const expiresAt = windowFrom(now);
  const shown = await options.db.transaction().execute(async (trx) => {
    if (!(await moveCaptcha(trx, id, ['refreshing'], { status: 'waiting', asked_at: now.toISOString(), expires_at: expiresAt.toISOString() }))) return false;
    await show(options, trx, question, 'refreshed', expiresAt, now);
    return true;
  });
  if (shown) {
    options.messagesQueued();
    question.turn?.shown();
  }
}

/** The image and what to do with it, naming the store and period, with 換一張 and 取消. */
async function show(
  options: CaptchaRelayOptions,
  trx: Transaction<Database>,
  { ask, image, attempt }: Question,
  prompt: 'ask' | 'askAgain' | 'refreshed',
  expiresAt: Date,
  now: Date,
): Promise<void> {
  const url = await publishImage(trx, { lineUserId: ask.lineUserId, purpose: 'captcha', bytes: image, expiresAt }, options.publicBaseUrl, now);
  const messages: LineMessage[] = [
    ...(ask.explainFirst && prompt === 'ask' ? [text(captchaCopy.verifyIntro)] : []),
    imageOrLink(url, captchaCopy.link, options.httpImagesShown ?? false),
    text(captchaCopy[prompt](ask.storeName, ask.periodLabel)),
  ];
  const heldFor = [jobPurpose(ask.jobId), ...(ask.replyTo ?? [])];
  await answerOwner(trx, { lineUserId: ask.lineUserId, messages: withChoices(messages, CAPTCHA_CHOICES), outboxPurpose: `captcha:${ask.jobId}:${attempt}`, heldFor }, now);
}

function windowFrom(now: Date): Date {
  return new Date(now.getTime() + CAPTCHA_ANSWER_WINDOW_MS);
}

function text(value: string): LineMessage {
  return { type: 'text', text: value };
}

import type { Transaction } from 'kysely';
import { MENU_CHOICES, textMessage, withChoices, type Choice } from '../conversation/messages.ts';
import type { Database } from '../db/schema.ts';
import type { LineMessage } from '../line/line-api.ts';
import { CAPTCHA_ANSWER_WINDOW_MS, moveCaptcha, nextInLine, shownCaptcha, type CaptchaRequest } from './captcha-requests.ts';
import { readCaptchaText } from './captcha-text.ts';
import { captchaCopy } from './copy/captcha.ts';

/**
 * What to answer the owner: messages, and the buttons to put on the last one — or, when the job
 * answers within seconds (已送出, the next image), nothing now: the reply token is held for the
 * job's answer (see held-replies.ts), and these messages are what it says if the job is late.
 */
export interface CaptchaReply {
  readonly messages: readonly LineMessage[];
  readonly choices: readonly Choice[];
  readonly holdFor?: string;
  /** With holdFor: said if the job does not answer in time. */
  readonly fallback?: readonly LineMessage[];
}

/** The buttons under a captcha image (typed commands, so typing them works too). */
export const CAPTCHA_CHOICES: readonly Choice[] = [
  { label: captchaCopy.buttons.refresh, text: captchaCopy.buttons.refresh },
  { label: captchaCopy.buttons.cancel, text: captchaCopy.buttons.cancel },
];
const CANCEL_ONLY: readonly Choice[] = [{ label: captchaCopy.buttons.cancel, text: captchaCopy.buttons.cancel }];
const STATUS_ONLY: readonly Choice[] = [{ label: captchaCopy.buttons.status, text: captchaCopy.buttons.status }];

/**
 * The owner's text while a captcha is shown to them: 5 digits answer the request shown (and
 * only it), 4 or 6 digits are asked again, 換一張 asks the job for a new image, 取消 stops the
 * job. Null when there is no shown request or the text is not for it (a command, ranges, a
 * question): the conversation handles it, and the request stays open.
 */
export async function captchaReply(trx: Transaction<Database>, lineUserId: string, text: string, now: Date): Promise<CaptchaReply | null> {
  const said = readCaptchaText(text);
  if (!said) return null;
  const shown = await shownCaptcha(trx, lineUserId, now);
  if (!shown) return null;
  if (shown.status === 'refreshing' && said.kind !== 'cancel') return reply([captchaCopy.refreshPending], CANCEL_ONLY);
  switch (said.kind) {
    case 'answer':
      return answer(trx, shown, said.digits, now);
    case 'wrong-length':
      return reply([captchaCopy.wrongLength(shown.store_name, said.digits.length, said.digits)], CAPTCHA_CHOICES);
    case 'refresh':
      return refresh(trx, shown, now);
    case 'cancel':
      return cancel(trx, shown, now);
  }
}

async function answer(trx: Transaction<Database>, shown: CaptchaRequest, digits: string, now: Date): Promise<CaptchaReply | null> {
  const answered = await moveCaptcha(trx, shown.id, ['waiting'], { status: 'answered', answer: digits, answered_at: now.toISOString() });
  if (!answered) return null;
  // The job's outcome (已送出, or a fresh image) answers these digits; another store's image waiting next is said with it.
  const next = await comingNext(trx, shown);
  const fallback = withChoices(reply([captchaCopy.received, ...next], STATUS_ONLY).messages, STATUS_ONLY);
  return { messages: next.map((line) => textMessage(line)), choices: [], holdFor: jobPurpose(shown.job_id), fallback };
}

/** The held-reply purpose of a job's own answers. */
export function jobPurpose(jobId: string): string {
  return `job:${jobId}`;
}

/** The job sees 'refreshing', presses the platform's refresh and shows the new image; the owner's 10 minutes start again. */
async function refresh(trx: Transaction<Database>, shown: CaptchaRequest, now: Date): Promise<CaptchaReply> {
  const expiresAt = new Date(now.getTime() + CAPTCHA_ANSWER_WINDOW_MS).toISOString();
  await moveCaptcha(trx, shown.id, ['waiting'], { status: 'refreshing', expires_at: expiresAt });
  // The new image answers 換一張 in a few seconds.
  return { messages: [], choices: [], holdFor: jobPurpose(shown.job_id), fallback: withChoices(reply([captchaCopy.refreshing], CANCEL_ONLY).messages, CANCEL_ONLY) };
}

async function cancel(trx: Transaction<Database>, shown: CaptchaRequest, now: Date): Promise<CaptchaReply> {
  await moveCaptcha(trx, shown.id, ['waiting', 'refreshing'], { status: 'cancelled', answered_at: now.toISOString() });
  const said = [captchaCopy.cancelledFor(shown.store_name, shown.period_label), ...(await comingNext(trx, shown))];
  return reply(said, MENU_CHOICES);
}

/** One line when another of the owner's jobs waits in line: its image follows in a moment. */
async function comingNext(trx: Transaction<Database>, shown: CaptchaRequest): Promise<string[]> {
  const next = await nextInLine(trx, shown.line_user_id);
  return next ? [captchaCopy.nextComing(next.store_name, next.period_label)] : [];
}

function reply(lines: readonly string[], choices: readonly Choice[]): CaptchaReply {
  return { messages: [textMessage(lines.join('\n'))], choices };
}

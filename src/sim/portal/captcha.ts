// Captchas: each home-page render issues a fresh one bound to the visitor's pre-login cookie.
// The answer is also findable by the image's SHA-256, so tests "solve" it the way a person would:
// by looking at the exact picture they were shown.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { drawCaptcha } from './captcha-image.ts';

export const CAPTCHA_DIGITS = 5;
// Enough to cover every open login page in a busy test run, small enough never to grow unbounded.
const MAX_REMEMBERED_IMAGES = 2_000;

interface IssuedCaptcha {
  readonly id: string;
  readonly answer: string;
  readonly png: Buffer;
}

export interface CaptchaBook {
  /** A new captcha for the visitor; the visitor's previous one stops being valid. */
  issue(visitorId: string): { readonly id: string };
  /** The picture, only for the visitor it was issued to. */
  image(visitorId: string, captchaId: string): Buffer | null;
  /** Checks and consumes the visitor's current captcha: a captcha is good for one login attempt. */
  check(visitorId: string, typed: string): boolean;
  answerForImage(sha256Hex: string): string | null;
  clear(): void;
}

export function createCaptchaBook(): CaptchaBook {
  const current = new Map<string, IssuedCaptcha>();
  const answersByImage = new Map<string, string>();

  return {
    issue(visitorId) {
      const answer = Array.from({ length: CAPTCHA_DIGITS }, () => String(randomInt(10))).join('');
      const png = drawCaptcha(answer, (max) => randomInt(max));
      const captcha = { id: randomBytes(12).toString('hex'), answer, png };
      current.set(visitorId, captcha);
      remember(answersByImage, sha256Hex(png), answer);
      return { id: captcha.id };
    },
    image(visitorId, captchaId) {
      const captcha = current.get(visitorId);
      return captcha !== undefined && captcha.id === captchaId ? captcha.png : null;
    },
    check(visitorId, typed) {
      const captcha = current.get(visitorId);
      current.delete(visitorId);
      return captcha !== undefined && typed.trim() === captcha.answer;
    },
    answerForImage(hash) {
      return answersByImage.get(hash.toLowerCase()) ?? null;
    },
    clear() {
      current.clear();
      answersByImage.clear();
    },
  };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function remember(map: Map<string, string>, key: string, value: string): void {
  map.set(key, value);
  if (map.size <= MAX_REMEMBERED_IMAGES) return;
  const oldest = map.keys().next();
  if (oldest.done !== true) map.delete(oldest.value);
}

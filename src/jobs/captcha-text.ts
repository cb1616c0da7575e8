import { commandOf } from '../conversation/intents.ts';
import { foldText } from '../invoice/normalize-text.ts';

/** What an owner's text says to a shown captcha, when it says anything to it. */
export type CaptchaText =
  | { readonly kind: 'answer'; readonly digits: string }
  /** Digits only, but 4 or 6 of them: a misread or a typo, asked again. */
  | { readonly kind: 'wrong-length'; readonly digits: string }
  | { readonly kind: 'refresh' }
  | { readonly kind: 'cancel' };

// Words owners put around the digits: 「驗證碼 12345」「答案是 12345 喔」「12345。」.
const AROUND_DIGITS = /驗證碼|認證碼|圖形|答案|數字|號碼|應該|好像|大概|我看|看起來|是|為|喔|哦|啦|吧|囉|唷|呢|的|了|謝謝|感謝|[\s:：。，,.!！~、「」"'()（）]/g;

// 換一張, 看不清楚, 換一個, 重新整理, 太模糊了, …
const REFRESH =
  /^(請|幫我|再)*(換(一)?(張|個)(新的)?(圖|圖片|驗證碼)?|換(新的?|新圖|圖|圖片|驗證碼)|重新整理|重整|刷新|更新|重新產生|看不(清楚?|懂|到|出來)|不清楚|(太|好|很)?模糊|refresh)(了|啦|耶|欸|呢)*$/;

/**
 * Reads a text as an answer to a captcha: 5 digits (full-width, spaced, with words around
 * them), 4 or 6 digits (asked again), a request for another image, or 取消. Anything else
 * (a command, invoice numbers, a question) is not for the captcha: null.
 */
export function readCaptchaText(text: string): CaptchaText | null {
  if (commandOf(text) === 'cancel') return { kind: 'cancel' };
  const folded = foldText(text).toLowerCase();
  if (REFRESH.test(folded.replace(/[\s。，,.!！~、]/g, ''))) return { kind: 'refresh' };
  const digits = folded.replace(AROUND_DIGITS, '');
  if (!/^\d+$/.test(digits)) return null;
  if (digits.length === 5) return { kind: 'answer', digits };
  if (digits.length === 4 || digits.length === 6) return { kind: 'wrong-length', digits };
  return null;
}

// 統一編號 (Unified Business Number): 8 digits with a weighted checksum, divisible by 5 since 2023.
import { foldText } from './normalize-text.ts';
import { ubnProblemText } from './messages.ts';

const WEIGHTS = [1, 2, 1, 2, 1, 2, 4, 1] as const;
// The 7th digit is weighted 4; when it is 7 the product 28 sums to 10, which may count as 1 or 0.
const SPECIAL_POSITION = 6;

/** Full-width digits to ASCII; spaces and dashes (as in `0459-5257`) removed. */
export function normalizeUbn(text: string): string {
  return foldText(text).replace(/[\s\-\u200B-\u200D\uFEFF]/g, '');
}

export function isValidUbn(ubn: string): boolean {
  if (!/^\d{8}$/.test(ubn)) return false;
  const digits = Array.from(ubn, Number);
  const sum = digits.reduce((acc, digit, i) => acc + digitSum(digit * (WEIGHTS[i] ?? 0)), 0);
  if (sum % 5 === 0) return true;
  // digitSum(28) counted 10 as 1; counting it as 0 is the other accepted reading.
  return digits[SPECIAL_POSITION] === 7 && (sum - 1) % 5 === 0;
}

/** Why the text is not a usable 統一編號 (zh-TW), or null when it is one. */
export function ubnProblem(text: string): string | null {
  const ubn = normalizeUbn(text);
  if (ubn === '') return ubnProblemText.empty();
  if (!/^\d+$/.test(ubn)) return ubnProblemText.notDigits();
  if (ubn.length !== 8) return ubnProblemText.wrongLength(ubn.length);
  return isValidUbn(ubn) ? null : ubnProblemText.checksum(ubn);
}

/** Adds the digits of a product, then again if that is still two digits (28 → 10 → 1). */
function digitSum(product: number): number {
  const once = Math.floor(product / 10) + (product % 10);
  return once >= 10 ? Math.floor(once / 10) + (once % 10) : once;
}

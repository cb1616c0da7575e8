// Everything the invoice core says to a shop owner, in one place so it can be read and improved as prose.
// The owner is busy and on a phone: one short sentence on what is wrong, then the right form.
import type { LeftOutPart, LeftOutReason } from './blank-rules.ts';
import { formatInvoiceNumber } from './invoice-number.ts';
import { formatRange } from './range.ts';
import type { InvoiceRange } from './range.ts';

export const RANGE_EXAMPLE = 'MM16937074-16937099';
const SINGLE_EXAMPLE = 'MM16937074';
const UBN_EXAMPLE = '04595257';

export const rangeProblemText = {
  empty: (): string =>
    `還沒看到號碼喔。請把 POS 上「未使用」的發票號碼傳給我，例如 ${RANGE_EXAMPLE}`,
  unreadable: (piece: string): string =>
    `「${quote(piece)}」裡看不到發票號碼。請照這樣輸入：${RANGE_EXAMPLE}（兩個英文字母加 8 位數字）`,
  missingTrack: (piece: string): string =>
    `「${quote(piece)}」少了前面的兩個英文字母（字軌），例如 ${RANGE_EXAMPLE}`,
  badTrack: (piece: string, letters: string): string =>
    `「${quote(piece)}」的字軌「${quote(letters, 10)}」不對，字軌是兩個英文字母，例如 ${SINGLE_EXAMPLE}`,
  digitCount: (piece: string, digits: string): string =>
    `「${quote(piece)}」的「${quote(digits)}」是 ${digits.length} 位數，發票號碼要 8 位數字，例如 ${SINGLE_EXAMPLE}`,
  missingStart: (piece: string): string =>
    `「${quote(piece)}」少了前面的號碼，請寫成 ${RANGE_EXAMPLE}`,
  missingEnd: (piece: string): string =>
    `「${quote(piece)}」少了後面的號碼，請寫成 ${RANGE_EXAMPLE}；只有一張的話，打 ${SINGLE_EXAMPLE} 就好`,
  trackMismatch: (piece: string, first: string, second: string): string =>
    `「${quote(piece)}」前後的字軌不一樣（${first}、${second}），同一段只會有一個字軌。請對一下 POS，例如 ${RANGE_EXAMPLE}`,
  endBeforeStart: (piece: string, swapped: InvoiceRange): string =>
    `「${quote(piece)}」後面的號碼比前面小，是不是要寫成 ${swappedExample(swapped)}？`,
  duplicate: (piece: string, other: string): string =>
    piece === other
      ? `「${quote(piece)}」輸入了兩次，請只留一次`
      : `「${quote(other)}」和「${quote(piece)}」是同一段號碼，請只留一次`,
  overlap: (piece: string, other: string): string =>
    `「${quote(other)}」和「${quote(piece)}」有號碼重疊，同一張只能上傳一次，請對一下 POS 上的號碼`,
  nothingBlank: (leftOut: readonly Pick<LeftOutPart, 'text' | 'reason' | 'range'>[]): string => nothingBlankText(leftOut),
} as const;

/** Why a part of the owner's text is not reported; shown after 已略過. */
export const leftOutReasonText: Readonly<Record<LeftOutReason, string>> = {
  used: '已經用掉的號碼不用上傳',
  issued: '已經開出的發票不用上傳',
  'last-issued': '這是最後開出的那張，不用上傳',
  'next-number': '這是下一張要開的號碼，空白的從這張算起，它本身不算一段',
  'before-blank': '接在空白號碼前面，是這本已經開出的部分，不用上傳',
  'issued-part': '這幾張已經開出去了，不用上傳',
  'in-use': '這是整本的號碼，看不出哪些還沒用；請傳 POS 上「未使用」的號碼或「目前號碼」',
  allocation: '這是整本的號碼，沒用的部分已經另外列出',
  'start-only': '只有起號、沒有迄號，看不出是哪一段；空白的話請連迄號一起傳',
  unclear: '看不出是已使用還是未使用，請一行打一段，前面寫上「未使用」',
};

/** 「已略過：已使用 MM16937000-16937073（已經用掉的號碼不用上傳）」 */
export function leftOutText(part: Pick<LeftOutPart, 'text' | 'reason' | 'range'>): string {
  const why = leftOutReasonText[part.reason];
  const text = quote(oneLine(part.text));
  if (part.reason === 'issued-part' && part.range !== undefined) {
    return `已略過：「${text}」其中的 ${formatRange(part.range)}（${why}）`;
  }
  return `已略過：${text}（${why}）`;
}

// A range written over two lines (起 …⏎迄 …) is quoted on one.
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n\u2028\u2029\u0085]+\s*/g, ' ');
}

// Nothing blank is left: say what was seen, and what to send instead.
function nothingBlankText(leftOut: readonly Pick<LeftOutPart, 'text' | 'reason' | 'range'>[]): string {
  const next = leftOut.find((part) => part.reason === 'next-number');
  if (next !== undefined) {
    const example = next.range === undefined ? RANGE_EXAMPLE : exampleFrom(next.range);
    return `「${quote(oneLine(next.text))}」是下一張要開的號碼，空白的從這張開始。請把 POS 上「未使用」的整段號碼（起號到迄號）傳來，例如 ${example}`;
  }
  const used = leftOut.every((part) => USED_REASONS.has(part.reason));
  return used
    ? `傳來的都是已經用掉的號碼，不用上傳。請傳 POS 上標著「未使用」或「空白」的號碼，例如 ${RANGE_EXAMPLE}`
    : `看不出哪些是還沒用的號碼。請只傳 POS 上「未使用」的號碼，一行一段，例如 ${RANGE_EXAMPLE}`;
}

const USED_REASONS: ReadonlySet<LeftOutReason> = new Set<LeftOutReason>(['used', 'issued', 'last-issued', 'before-blank', 'issued-part']);

// From a number to the end of its booklet of 50: only to shape an example, never to fill in a range.
function exampleFrom({ track, start }: InvoiceRange): string {
  const end = start - (start % 50) + 49;
  return `${formatInvoiceNumber(track, start)}-${formatInvoiceNumber(track, end).slice(2)}`;
}

export const rangeWarningText = {
  unusualEnd: (range: InvoiceRange): string =>
    `${formatRange(range)}：一本發票通常到 …49 或 …99 為止，這段不是。請再對一下 POS，沒錯的話照常上傳就好`,
  veryLong: (range: InvoiceRange, count: number): string =>
    `${formatRange(range)} 共 ${formatCount(count)} 張，比平常多很多，請確認號碼沒有打錯`,
} as const;

export const ubnProblemText = {
  empty: (): string => `請輸入 8 位數字的統一編號，例如 ${UBN_EXAMPLE}`,
  notDigits: (): string => `統一編號只有數字，請輸入 8 位數字，例如 ${UBN_EXAMPLE}`,
  wrongLength: (length: number): string =>
    `這是 ${length} 位數，統一編號是 8 位數字，例如 ${UBN_EXAMPLE}`,
  checksum: (ubn: string): string =>
    `${ubn} 不是有效的統一編號，可能有一位打錯了，請對一下營業登記或發票上的號碼`,
} as const;

export const invoiceTypeLabelText = {
  '07': '一般稅額計算',
  '08': '特種稅額計算',
} as const;

/** `9,826`: owners read counts with thousands separators. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// Keep quoted owner text short so a pasted essay does not flood the reply.
function quote(text: string, max = 40): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}

// ASCII hyphen here, because the owner will copy this back into the chat.
function swappedExample(range: InvoiceRange): string {
  return `${formatInvoiceNumber(range.track, range.start)}-${formatInvoiceNumber(range.track, range.end).slice(2)}`;
}

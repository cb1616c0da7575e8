// Bi-monthly invoice periods (1–2, 3–4, …, 11–12), their labels, and their deadlines.
// Calendar questions are always answered on the Asia/Taipei calendar.
import { foldText } from './normalize-text.ts';
import { calendarDaysBetween, taipeiDate, taipeiInstant } from './taipei-time.ts';

export type StartMonth = 1 | 3 | 5 | 7 | 9 | 11;

export interface Period {
  readonly rocYear: number;
  readonly startMonth: StartMonth;
}

const ROC_OFFSET = 1911;
// Keys and MIG YearMonth codes are three ROC-year digits; anything outside cannot be written.
export const MIN_ROC_YEAR = 1;
export const MAX_ROC_YEAR = 999;

export function rocToGregorian(rocYear: number): number {
  return rocYear + ROC_OFFSET;
}

export function gregorianToRoc(year: number): number {
  return year - ROC_OFFSET;
}

export function isStartMonth(month: number): month is StartMonth {
  return Number.isInteger(month) && month >= 1 && month <= 11 && month % 2 === 1;
}

/** A checked period, or null when the year cannot be written or the month does not start a period. */
export function tryMakePeriod(rocYear: number, startMonth: number): Period | null {
  if (!Number.isInteger(rocYear) || rocYear < MIN_ROC_YEAR || rocYear > MAX_ROC_YEAR) return null;
  if (!isStartMonth(startMonth)) return null;
  return { rocYear, startMonth };
}

export function makePeriod(rocYear: number, startMonth: number): Period {
  const period = tryMakePeriod(rocYear, startMonth);
  if (period === null) throw new RangeError(`not a period: ROC year ${rocYear}, start month ${startMonth}`);
  return period;
}

/** The period a calendar month (1–12) belongs to. */
export function periodOfMonth(rocYear: number, month: number): Period {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`not a month: ${month}`);
  return makePeriod(rocYear, month % 2 === 1 ? month : month - 1);
}

export function endMonth(p: Period): number {
  return p.startMonth + 1;
}

// ---- Navigating -------------------------------------------------------------------------

/** Throws RangeError outside ROC years 1–999 (1912–2910), which no real instant here reaches. */
export function periodContaining(instant: Date): Period {
  const { year, month } = taipeiDate(instant);
  return periodOfMonth(gregorianToRoc(year), month);
}

/** The period that ended most recently: the one whose blank numbers are due now. */
export function justEndedPeriod(instant: Date): Period {
  return previousPeriod(periodContaining(instant));
}

export function nextPeriod(p: Period): Period {
  return p.startMonth === 11
    ? makePeriod(p.rocYear + 1, 1)
    : makePeriod(p.rocYear, p.startMonth + 2);
}

export function previousPeriod(p: Period): Period {
  return p.startMonth === 1
    ? makePeriod(p.rocYear - 1, 11)
    : makePeriod(p.rocYear, p.startMonth - 2);
}

/** Negative when a is earlier, 0 when the same, positive when later. */
export function comparePeriods(a: Period, b: Period): number {
  return a.rocYear !== b.rocYear ? a.rocYear - b.rocYear : a.startMonth - b.startMonth;
}

export function samePeriod(a: Period, b: Period): boolean {
  return comparePeriods(a, b) === 0;
}

// ---- Instants and deadlines ---------------------------------------------------------------

/** 00:00 Taipei on the first day of the period. */
export function periodStart(p: Period): Date {
  return taipeiInstant(rocToGregorian(p.rocYear), p.startMonth, 1);
}

/** 00:00 Taipei on the 1st of the month after the period: blank numbers can be reported from then. */
export function uploadWindowOpens(p: Period): Date {
  return periodStart(nextPeriod(p));
}

export function periodContains(p: Period, instant: Date): boolean {
  const t = instant.getTime();
  return periodStart(p).getTime() <= t && t < uploadWindowOpens(p).getTime();
}

// The rule says "within 10 days from the start of the next period"; the hour is not published,
// so the whole of the 10th (Taipei) counts as on time.
export function deadlineOf(p: Period): Date {
  const { year, month, day } = deadlineDate(p);
  return taipeiInstant(year, month, day, 23, 59, 59, 999);
}

function deadlineDate(p: Period): { year: number; month: number; day: number } {
  const next = nextPeriod(p);
  return { year: rocToGregorian(next.rocYear), month: next.startMonth, day: 10 };
}

/** Taipei calendar days from `now` to the deadline: 0 on the 10th itself, negative once it has passed. */
export function daysLeft(p: Period, now: Date): number {
  return calendarDaysBetween(taipeiDate(now), deadlineDate(p));
}

export function isLate(p: Period, now: Date): boolean {
  return now.getTime() > deadlineOf(p).getTime();
}

/** The deadline as owners write it, e.g. `11/10`. */
export function formatDeadlineLabel(p: Period): string {
  const { month, day } = deadlineDate(p);
  return `${month}/${day}`;
}

// ---- Labels -----------------------------------------------------------------------------------

/** As the platform writes 字軌期別: `115/09~115/10`. */
export function formatPortalLabel(p: Period): string {
  return `${p.rocYear}/${pad(p.startMonth, 2)}~${p.rocYear}/${pad(endMonth(p), 2)}`;
}

/** As owners say it: `115年9-10月`. */
export function formatOwnerLabel(p: Period): string {
  return `${p.rocYear}年${formatShortLabel(p)}`;
}

/** When the year is obvious from context: `9-10月`. */
export function formatShortLabel(p: Period): string {
  return `${p.startMonth}-${endMonth(p)}月`;
}

/** MIG `YearMonth`: ROC year and the period's even month, e.g. `11510`. */
export function yearMonthCode(p: Period): string {
  return `${pad(p.rocYear, 3)}${pad(endMonth(p), 2)}`;
}

/** Storage key; the MIG code is already compact, sortable and unambiguous. */
export function periodKey(p: Period): string {
  return yearMonthCode(p);
}

export function periodFromKey(key: string): Period | null {
  const match = /^(\d{3})(\d{2})$/.exec(key);
  if (match === null) return null;
  const month = Number(match[2]);
  return month % 2 === 0 ? tryMakePeriod(Number(match[1]), month - 1) : null;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// ---- Reading what people type ------------------------------------------------------------------

interface NumberToken {
  readonly value: number;
  /** Digits as typed; 0 for a Chinese numeral (which can only be a month). */
  readonly digits: number;
}

// Words and punctuation that may surround the numbers; anything else means this is not a period.
const FILLERS = [
  '字軌期別', '發票期別', '期別', '民國', '西元', '月份', '年', '月', '期', '份', '第', '的',
  '至', '到', '和', '與', '跟', '、', '/', '.', '-', '~', ',', ':', '_',
].sort((a, b) => b.length - a.length);

// Longest first, so 十一 is read as 11 and not as 10 followed by 1.
const CHINESE_MONTHS: ReadonlyArray<readonly [string, number]> = [
  ['十二', 12], ['十一', 11], ['十', 10], ['一', 1], ['二', 2], ['三', 3], ['四', 4],
  ['五', 5], ['六', 6], ['七', 7], ['八', 8], ['九', 9],
];

/**
 * Reads a period in any of the ways people write it: `115/09~115/10`, `11510`, `115年9-10月`,
 * `115年09-10期`, `115 9-10`, `2026/09-10`, `2026年9-10月`, `九十月`, full-width forms.
 * A year-less `9-10月` needs `reference` (usually now) and means the latest such period that
 * had started by then; without a reference it is not read, so the result never depends on a hidden clock.
 */
export function parsePeriod(text: string, reference?: Date): Period | null {
  const tokens = tokenizePeriod(foldText(text));
  if (tokens === null) return null;
  switch (tokens.length) {
    case 1:
      return fromCode(tokens[0]);
    case 2:
      return fromTwoTokens(tokens[0], tokens[1], reference);
    case 3:
      return fromYearAndMonths(tokens[0], tokens[1], tokens[2]);
    case 4:
      return sameYearToken(tokens[0], tokens[2]) ? fromYearAndMonths(tokens[0], tokens[1], tokens[3]) : null;
    default:
      return null;
  }
}

function tokenizePeriod(text: string): NumberToken[] | null {
  const tokens: NumberToken[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const digits = /^[0-9]+/.exec(rest)?.[0];
    const chinese = CHINESE_MONTHS.find(([word]) => rest.startsWith(word));
    const filler = FILLERS.find((word) => rest.startsWith(word)) ?? /^\s+/.exec(rest)?.[0];
    if (digits !== undefined) tokens.push({ value: Number(digits), digits: digits.length });
    else if (chinese !== undefined) tokens.push({ value: chinese[1], digits: 0 });
    else if (filler === undefined) return null;
    i += (digits ?? chinese?.[0] ?? filler ?? ' ').length;
  }
  return tokens;
}

function fromCode(token: NumberToken | undefined): Period | null {
  if (token === undefined) return null;
  const yearDigits = token.digits - 2;
  if (yearDigits !== 3 && yearDigits !== 4) return null;
  const year = yearOf({ value: Math.floor(token.value / 100), digits: yearDigits });
  const month = token.value % 100;
  if (year === null || month < 1 || month > 12) return null;
  return tryMakePeriod(year, month % 2 === 1 ? month : month - 1);
}

function fromTwoTokens(a: NumberToken | undefined, b: NumberToken | undefined, reference?: Date): Period | null {
  if (a === undefined || b === undefined) return null;
  if (a.digits >= 5) {
    // `11509~11510`: two MIG codes naming the two months of one period.
    const first = fromCode(a);
    return first !== null && a.value % 2 === 1 && b.value === a.value + 1 ? first : null;
  }
  return reference === undefined ? null : fromMonthsNear(a, b, reference);
}

function fromMonthsNear(first: NumberToken, second: NumberToken, reference: Date): Period | null {
  const startMonth = monthPairStart(first, second);
  if (startMonth === null) return null;
  const current = periodContaining(reference);
  const rocYear = startMonth <= current.startMonth ? current.rocYear : current.rocYear - 1;
  return tryMakePeriod(rocYear, startMonth);
}

function fromYearAndMonths(
  year: NumberToken | undefined,
  first: NumberToken | undefined,
  second: NumberToken | undefined,
): Period | null {
  if (year === undefined || first === undefined || second === undefined) return null;
  const rocYear = yearOf(year);
  const startMonth = monthPairStart(first, second);
  return rocYear === null || startMonth === null ? null : tryMakePeriod(rocYear, startMonth);
}

/** Two or three digits are an ROC year, four a Gregorian one. */
function yearOf(token: NumberToken): number | null {
  if (token.digits === 2 || token.digits === 3) return token.value;
  if (token.digits === 4) return token.value > ROC_OFFSET ? gregorianToRoc(token.value) : null;
  return null;
}

function sameYearToken(a: NumberToken | undefined, b: NumberToken | undefined): boolean {
  return a !== undefined && b !== undefined && a.digits > 0 && yearOf(a) !== null && yearOf(a) === yearOf(b);
}

/** The start month when the two months form one period (9 and 10 do; 10 and 11 do not). */
function monthPairStart(first: NumberToken, second: NumberToken): StartMonth | null {
  if (first.digits > 2 || second.digits > 2) return null;
  if (second.value !== first.value + 1) return null;
  return isStartMonth(first.value) ? first.value : null;
}

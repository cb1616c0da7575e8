// From two independent readings of one photo to what the conversation gets. Both readings go through
// parseRanges, the same reader as typed text, so used and issued numbers are left out by the same rules.
// A range is presented as read only when both readings give exactly it, every character of its line was
// read with confidence, and nothing on its track is in doubt (an unclear used number might cut it).
import { formatNumber } from '../invoice/invoice-number.ts';
import { parseRanges } from '../invoice/parse-ranges.ts';
import { findLabels, isStatusLabel } from '../invoice/pos-labels.ts';
import type { RangeParseResult, RangeProblem } from '../invoice/parse-ranges.ts';
import { rangeCount, sameRange, sortRanges } from '../invoice/range.ts';
import type { InvoiceRange } from '../invoice/range.ts';
import { isSure, markedOccurrence, markUnsure } from './confidence.ts';
import { lineText } from './recognise.ts';
import type { OcrChar, OcrLine } from './recognise.ts';
import type { PhotoDoubt, PhotoDoubtReason, PhotoReading } from './types.ts';

// A track (two letters, maybe a space) and a long run of digits: what may be an invoice number.
// Without a track, only runs of seven digits or more: shorter ones are dates and counts (`115年`, `26張`).
const NUMBER_TOKEN = /([A-Z]{2}) ?(\d{5,})|\d{7,}/g;
const ALL_TRACKS = '*';

interface LineVerdict {
  readonly line: OcrLine;
  readonly numbers: { from: number; to: number; track: string | undefined }[];
  readonly doubt?: PhotoDoubtReason;
}

export type Reading = Omit<PhotoReading, 'elapsedMs'>;

export function combineReadings(primary: readonly OcrLine[], check: readonly OcrLine[]): Reading {
  const confirmedLines = new Set(check.map(compactText));
  const checkLabels = labelsByNumbers(check);
  const verdicts = primary.map((line) => judgeLine(line, confirmedLines.has(compactText(line)), checkLabels));
  const primaryParse = parseRanges(primary.map(lineText).join('\n'));
  const checkParse = parseRanges(check.map(lineText).join('\n'));
  const taint = taintedTracks(verdicts, primaryParse);
  const doubts: PhotoDoubt[] = verdicts.flatMap(lineDoubt);
  const ranges: InvoiceRange[] = [];
  for (const range of primaryParse.ranges) {
    const reason = rangeDoubt(range, taint, primaryParse, checkParse) ?? countDisagrees(range, primary);
    if (reason === undefined) ranges.push(range);
    else if (!coveredBy(doubts, range)) doubts.push({ text: rangeText(range, primary, checkParse.ranges), reason });
  }
  doubts.push(...problemDoubts(primaryParse, doubts));
  const hasNumbers = verdicts.some((v) => v.numbers.length > 0);
  const unreadable = ranges.length === 0 && doubts.length === 0 && (primaryParse.leftOut.length === 0 || !hasNumbers);
  return { ranges: sortRanges(ranges), doubts, leftOut: primaryParse.leftOut, unreadable };
}

// ---- Lines --------------------------------------------------------------------------------------

function compactText(line: OcrLine): string {
  return lineText(line).replace(/\s/g, '');
}

// A line the second reading read identically is confirmed whatever Tesseract's confidences say (they run low
// on Chinese labels and on long words that are perfectly read); otherwise every character must be sure.
// The label of each line of a reading that holds numbers, keyed by those numbers as read.
function labelsByNumbers(lines: readonly OcrLine[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const line of lines) {
    const { key, label } = numbersAndLabel(lineText(line));
    if (key !== '') labels.set(key, label);
  }
  return labels;
}

function numbersAndLabel(text: string): { key: string; label: string } {
  const compact = text.replace(/\s/g, '');
  const key = [...compact.matchAll(NUMBER_TOKEN)].map((m) => m[0]).join('|');
  const label = compact.replace(NUMBER_TOKEN, '').replace(/[^\p{L}]/gu, '');
  return { key, label };
}

// Tesseract's confidence in Chinese labels runs low even when they are read right. A label both readings read
// the same, on a line with the same numbers, and that is a status label the POS reader knows (未使用, 已使用…)
// is taken as read: two different images giving the same known word by chance is not a risk worth a question.
function labelReadTwice(text: string, checkLabels: ReadonlyMap<string, string>): boolean {
  const { key, label } = numbersAndLabel(text);
  const other = checkLabels.get(key);
  if (key === '' || other === undefined) return false;
  const kinds = statusKinds(label);
  return kinds !== '' && kinds === statusKinds(other);
}

// The status labels a line's letters hold, in order (`used,blank`); '' when any label there is not a status label.
function statusKinds(label: string): string {
  const hits = findLabels(label);
  return hits.every(isStatusLabel) ? hits.map((h) => h.kind).join(',') : '';
}

function judgeLine(line: OcrLine, readTheSameTwice: boolean, checkLabels: ReadonlyMap<string, string>): LineVerdict {
  const text = lineText(line);
  const numbers = [...text.matchAll(NUMBER_TOKEN)].map((m) => ({ from: m.index, to: m.index + m[0].length, track: m[1] }));
  if (numbers.length === 0 || readTheSameTwice) return { line, numbers };
  const inNumber = (i: number) => numbers.some((n) => i >= n.from && i < n.to);
  const numberChars = line.chars.filter((_, i) => inNumber(i));
  // Letters and CJK outside the numbers are the label (未使用, 已使用…): an unsure one may be the label.
  const labelChars = line.chars.filter((c, i) => !inNumber(i) && /[\p{L}]/u.test(c.ch));
  if (!numberChars.every(isSure)) return { line, numbers, doubt: 'low-confidence' };
  if (!labelChars.every(isSure) && !labelReadTwice(text, checkLabels)) return { line, numbers, doubt: 'label-unclear' };
  return { line, numbers };
}

// A doubtful line that may hold blank numbers is named on the card; one whose label clearly says used,
// issued, last issued or next is only left out (it still puts its track in doubt, see taintedTracks).
function lineDoubt(verdict: LineVerdict): PhotoDoubt[] {
  if (verdict.doubt === undefined) return [];
  const alone = parseRanges(lineText(verdict.line));
  if (verdict.doubt === 'low-confidence' && alone.ranges.length === 0 && alone.leftOut.length > 0) return [];
  const first = verdict.numbers[0]!;
  const last = verdict.numbers.at(-1)!;
  return [{ text: markUnsure(verdict.line.chars.slice(first.from, last.to)).trim(), reason: verdict.doubt }];
}

/** Tracks with something doubtful on them; `*` when a doubtful number's track is unknown. */
function taintedTracks(verdicts: readonly LineVerdict[], parsed: RangeParseResult): Map<string, PhotoDoubtReason> {
  const taint = new Map<string, PhotoDoubtReason>();
  for (const verdict of verdicts) {
    if (verdict.doubt === undefined) continue;
    for (const number of verdict.numbers) taint.set(number.track ?? ALL_TRACKS, verdict.doubt);
  }
  for (const problem of parsed.problems) {
    if (!isAboutInvoiceNumbers(problem)) continue;
    const track = /[A-Z]{2}(?=\s?\d)/.exec(problem.piece)?.[0];
    taint.set(track ?? ALL_TRACKS, 'number-check');
  }
  return taint;
}

// ---- Ranges -------------------------------------------------------------------------------------

function rangeDoubt(range: InvoiceRange, taint: Map<string, PhotoDoubtReason>, primary: RangeParseResult, check: RangeParseResult): PhotoDoubtReason | undefined {
  const tainted = taint.get(range.track) ?? taint.get(ALL_TRACKS);
  if (tainted !== undefined) return tainted;
  // A lone number taken for a one-number range is most often a range whose other half was lost (split over
  // two lines, or not read): never presented as read.
  if (range.start === range.end) return 'number-check';
  if (primary.warnings.some((w) => sameRange(w.range, range))) return 'number-check';
  if (!check.ranges.some((other) => sameRange(other, range))) return 'number-check';
  return undefined;
}

/** As typed (`MM16937074-16937099`), `?` where the two readings differ or a character was unsure. */
function rangeText(range: InvoiceRange, primary: readonly OcrLine[], checkRanges: readonly InvoiceRange[]): string {
  const typed = `${range.track}${formatNumber(range.start)}-${formatNumber(range.end)}`;
  const counterpart = checkRanges.filter((r) => r.track === range.track).sort((a, b) => distance(range, a) - distance(range, b))[0];
  const other = counterpart && `${counterpart.track}${formatNumber(counterpart.start)}-${formatNumber(counterpart.end)}`;
  const start = markedOccurrence(primary, `${range.track}${formatNumber(range.start)}`) ?? typed.slice(0, 10);
  const end = markedOccurrence(primary, formatNumber(range.end)) ?? typed.slice(11);
  const marked = `${start}-${end}`;
  return Array.from(marked).map((ch, i) => (other !== undefined && other[i] !== typed[i] ? '?' : ch)).join('');
}

// A POS report often says how many numbers a range holds (`共 50 張`, on its line or the next). Both readings
// can misread one digit the same way (0 for 9 in a blurred photo); the count, read apart from the numbers,
// catches that.
const COUNT = /共\s*(\d{1,5})\s*張/;

function countDisagrees(range: InvoiceRange, lines: readonly OcrLine[]): PhotoDoubtReason | undefined {
  const texts = lines.map(lineText);
  const at = texts.findIndex((text) => text.replace(/\s/g, '').includes(formatNumber(range.end)));
  if (at < 0) return undefined;
  // The next line counts for this range only when it holds no number of its own.
  const next = texts[at + 1] ?? '';
  const stated = COUNT.exec(texts[at] ?? '') ?? (new RegExp(NUMBER_TOKEN.source).test(next) ? null : COUNT.exec(next));
  return stated && Number(stated[1]) !== rangeCount(range) ? 'number-check' : undefined;
}

function distance(a: InvoiceRange, b: InvoiceRange): number {
  return Math.abs(a.start - b.start) + Math.abs(a.end - b.end);
}

function coveredBy(doubts: readonly PhotoDoubt[], range: InvoiceRange): boolean {
  const digits = (text: string) => text.replace(/[^0-9?]/g, '');
  return doubts.some((d) => digits(d.text).includes(formatNumber(range.start)) || digits(d.text).includes(formatNumber(range.end)));
}

// A problem with a short number and no track (`11548` from a misread `115年`) is about a date or a count.
function isAboutInvoiceNumbers(problem: RangeProblem): boolean {
  if (problem.kind === 'nothing-blank' || problem.kind === 'empty' || problem.kind === 'unreadable') return false;
  return /[A-Z]{2} ?\d{5,}|\d{7,}/.test(problem.piece);
}

function problemDoubts(parsed: RangeParseResult, earlier: readonly PhotoDoubt[]): PhotoDoubt[] {
  return parsed.problems
    .filter((p) => isAboutInvoiceNumbers(p) && !earlier.some((d) => d.text.replace(/\?/g, '') === p.piece.replace(/\s/g, '')))
    .map((p) => ({ text: p.piece, reason: 'number-check' as const }));
}

export type { OcrChar };

// Which of the numbers read from a POS screen are blank, and why each other one is left out.
// A false report to the tax office is the worst thing this product can do, so every rule here only ever
// removes numbers, and each removal is said back to the owner.
//
// 1. Numbers labelled used, issued, last issued or next to issue are never reported; but a range whose start is
//    labelled the next number (`目前號碼 16937074 迄號 16937099`) is blank: nothing from the next number on is issued.
//    A start with no end (`起始號碼 MM16937000`) is not reported beside issued numbers of its track.
// 2. A range not labelled blank that holds one labelled blank is the whole booklet: the blank part is already
//    listed. (Looked at after rule 3, so a whole booklet cut down to exactly the listed part goes too.)
// 3. A range that holds issued numbers (a used range inside it, the last one issued, or a next number past its
//    start) keeps only what comes after them: numbers are issued in order. The same holds for a range that starts
//    in a booklet of 50 at or before a number issued in that booklet (`起始號碼 MM16937000` beside
//    `目前號碼 MM16937074`): a booklet is one roll, issued from its first number.
// 4. A range that ends right before a blank part starts (another blank range, or the next number) is the issued
//    part of that booklet. Kept only when its own line labels it blank, or when it ends on a booklet's last number
//    (…49, …99: the next range may be a whole fresh booklet) and it is not the one unlabelled range of a labelled screen.
import { endsOnBookletBoundary } from './invoice-number.ts';
import { leftOutText } from './messages.ts';
import type { RangeProblem } from './parse-ranges.ts';
import type { PieceStatus } from './pos-screen.ts';
import { sameRange } from './range.ts';
import type { InvoiceRange } from './range.ts';

export type LeftOutReason =
  | 'used' // labelled 已使用
  | 'issued' // labelled 已開立, 已列印, 作廢
  | 'last-issued' // labelled 最後開立: the last number issued
  | 'next-number' // labelled 目前號碼, 下一張: where the blank part starts, not a range
  | 'before-blank' // ends right before a blank part starts: the issued part of that booklet
  | 'issued-part' // the part of a range up to the numbers issued inside it
  | 'in-use' // labelled 使用中: a whole booklet, and nothing tells where its blank part starts
  | 'allocation' // the whole booklet, whose blank part is listed on its own
  | 'start-only' // a start number with no end, on a screen that shows issued numbers of its track
  | 'unclear'; // a row of a table that does not fit its column headings

export interface LeftOutPart {
  /** The line or fragment as the owner wrote it, trimmed. */
  readonly text: string;
  readonly reason: LeftOutReason;
  /** The numbers left out, when they could be read. */
  readonly range?: InvoiceRange;
  /** zh-TW, for the confirmation: 「已略過：已使用 MM16937000-16937073（已經用掉的號碼不用回報）」 */
  readonly message: string;
}

/** A piece of the owner's text, read, with the label that names it. */
export interface LabelledReading {
  readonly reading: { readonly kind: 'range'; readonly range: InvoiceRange; readonly piece: string } | { readonly kind: 'problem'; readonly problem: RangeProblem };
  readonly status?: PieceStatus;
  readonly direct: boolean;
  /** A lone number written as a start (`起始號碼 MM16937000`). */
  readonly startOnly: boolean;
  readonly fragment: string;
  /** Where the fragment starts in the text: left-out parts are listed in the owner's order. */
  readonly at: number;
}

export interface Candidate {
  readonly range: InvoiceRange;
  readonly piece: string;
}

export interface SortedOut {
  /** In the owner's order, before duplicates and overlaps are looked at. */
  readonly candidates: Candidate[];
  readonly problems: RangeProblem[];
  readonly leftOut: LeftOutPart[];
}

interface Blank {
  /** What is still taken for blank: rule 3 cuts its issued part off. */
  readonly range: InvoiceRange;
  /** The range as the owner wrote it. */
  readonly written: InvoiceRange;
  readonly piece: string;
  readonly fragment: string;
  readonly at: number;
  /** 'in-use' stays unreported unless rule 3 finds where its blank part starts. */
  readonly status: 'blank' | 'in-use' | undefined;
  readonly direct: boolean;
  readonly startOnly: boolean;
}

interface Mark {
  readonly range: InvoiceRange;
  readonly next: boolean;
}

interface Left {
  readonly at: number;
  readonly part: LeftOutPart;
}

const NOT_BLANK: Partial<Record<PieceStatus, LeftOutReason>> = {
  used: 'used',
  issued: 'issued',
  'last-issued': 'last-issued',
  'next-number': 'next-number',
  unclear: 'unclear',
};

export function sortOut(readings: readonly LabelledReading[], labelled: boolean): SortedOut {
  const left: Left[] = [];
  const leave: Leave = (at, text, reason, range) => {
    const part = range === undefined ? { text, reason } : { text, reason, range };
    left.push({ at, part: { ...part, message: leftOutText(part) } });
  };
  const { problems, marks, blanks: read } = sortReadings(readings, leave);
  let blanks = withoutHalfRanges(read, marks, leave);
  blanks = afterIssued(blanks, marks, leave);
  blanks = withoutWholeBooklets(blanks, leave);
  blanks = settled(blanks, leave);
  blanks = withoutIssuedParts(blanks, marks, labelled, leave);
  const leftOut = left.sort((a, b) => a.at - b.at).map((l) => l.part);
  return { candidates: blanks.map(({ range, piece }) => ({ range, piece })), problems, leftOut };
}

// Rule 1: what is labelled not blank is left out, and marks where numbers were issued. A mistyped number there
// is not worth stopping the owner for: it is left out like the rest of its line.
function sortReadings(readings: readonly LabelledReading[], leave: Leave): { problems: RangeProblem[]; marks: Mark[]; blanks: Blank[] } {
  const problems: RangeProblem[] = [];
  const marks: Mark[] = [];
  const blanks: Blank[] = [];
  for (const r of readings) {
    const { reading } = r;
    const range = reading.kind === 'range' ? reading.range : undefined;
    if (reading.kind === 'range' && r.status === 'next-number' && reading.range.end > reading.range.start) {
      // `目前號碼 16937074 迄號 16937099`: from the next number on, nothing is issued yet.
      marks.push({ range: reading.range, next: true });
      blanks.push({ ...toBlank(r, reading.range, reading.piece), status: 'blank' });
      continue;
    }
    const reason = r.status === undefined ? undefined : NOT_BLANK[r.status];
    if (reason !== undefined) {
      leave(r.at, r.fragment, reason, range);
      if (range !== undefined && reason !== 'unclear') marks.push({ range, next: reason === 'next-number' });
    } else if (reading.kind === 'problem') problems.push(reading.problem);
    else blanks.push(toBlank(r, reading.range, reading.piece));
  }
  return { problems, marks, blanks };
}

type Leave = (at: number, text: string, reason: LeftOutReason, range?: InvoiceRange) => void;

function toBlank(r: LabelledReading, range: InvoiceRange, piece: string): Blank {
  const status = r.status === 'blank' || r.status === 'in-use' ? r.status : undefined;
  return { range, written: range, piece, fragment: r.fragment, at: r.at, status, direct: r.direct, startOnly: r.startOnly };
}

// Rule 1, for a start without its end: beside issued numbers of its track it is as likely the first number
// of the booklet (issued) as the first blank one.
function withoutHalfRanges(blanks: readonly Blank[], marks: readonly Mark[], leave: Leave): Blank[] {
  return blanks.filter((b) => {
    const half = b.startOnly && b.status !== 'blank' && marks.some((m) => m.range.track === b.range.track);
    if (half) leave(b.at, b.fragment, 'start-only', b.range);
    return !half;
  });
}

// Rule 3: the part of each range after the numbers issued inside it; a range issued through its end goes.
function afterIssued(blanks: readonly Blank[], marks: readonly Mark[], leave: Leave): Blank[] {
  return blanks.flatMap((b): Blank[] => {
    const through = issuedThrough(b.range, marks);
    if (through === undefined) return [b];
    const { track, end } = b.range;
    if (through < end) return [{ ...b, range: { track, start: through + 1, end } }];
    leave(b.at, b.fragment, 'issued-part', b.range);
    return [];
  });
}

// Rule 2, once rule 3 has cut the issued part off a whole booklet (so that what is left may equal the listed part).
function withoutWholeBooklets(blanks: readonly Blank[], leave: Leave): Blank[] {
  const listed = blanks.filter((b) => b.status === 'blank' && !isCut(b));
  return blanks.filter((b) => {
    if (listed.includes(b)) return true;
    const holds = listed.some((o) => contains(b.range, o.range) && (isCut(b) || !sameRange(b.range, o.range)));
    if (holds) leave(b.at, b.fragment, 'allocation', b.written);
    return !holds;
  });
}

function contains(outer: InvoiceRange, inner: InvoiceRange): boolean {
  return outer.track === inner.track && outer.start <= inner.start && inner.end <= outer.end;
}

function isCut(b: Blank): boolean {
  return b.range.start !== b.written.start;
}

// What is left of a cut range is blank, and said so; a booklet in use that nothing cut cannot be told.
function settled(blanks: readonly Blank[], leave: Leave): Blank[] {
  return blanks.flatMap((b): Blank[] => {
    if (!isCut(b)) {
      if (b.status !== 'in-use') return [b];
      leave(b.at, b.fragment, 'in-use', b.range);
      return [];
    }
    const { track, start } = b.written;
    leave(b.at, b.fragment, 'issued-part', { track, start, end: b.range.start - 1 });
    return [{ ...b, status: 'blank', direct: false }];
  });
}

/** The last number of a range that something on the screen says was issued, if any. */
function issuedThrough(range: InvoiceRange, marks: readonly Mark[]): number | undefined {
  let through: number | undefined;
  for (const mark of marks) {
    const last = issuedBy(range, mark);
    if (last !== undefined && (through === undefined || last > through)) through = last;
  }
  return through;
}

// A mark says numbers were issued up to `last` (a used range's end, the last one issued, the one before the next).
// It reaches into a range that it overlaps, or whose start lies at or before `last` in the same booklet of 50:
// a booklet is one POS roll, issued in order from its first number.
function issuedBy(range: InvoiceRange, mark: Mark): number | undefined {
  if (mark.range.track !== range.track) return undefined;
  const last = mark.next ? mark.range.start - 1 : mark.range.end;
  if (range.start > last) return undefined;
  return mark.range.start <= range.end || bookletOf(range.start) === bookletOf(last) ? last : undefined;
}

function bookletOf(n: number): number {
  return Math.floor(n / 50);
}

// Rule 4, against the blank parts as they stand before it: in a chain of touching ranges only the last stays.
function withoutIssuedParts(blanks: readonly Blank[], marks: readonly Mark[], labelled: boolean, leave: Leave): Blank[] {
  const startsBlank = (b: Blank, track: string, start: number): boolean =>
    blanks.some((o) => o !== b && o.range.track === track && o.range.start === start);
  const startsNext = (track: string, start: number): boolean =>
    marks.some((m) => m.next && m.range.track === track && m.range.start === start);
  return blanks.filter((b) => {
    const { track, end } = b.range;
    const issued = startsNext(track, end + 1) || (startsBlank(b, track, end + 1) && !mayBeBlankBooklet(b, labelled));
    if (issued) leave(b.at, b.fragment, 'before-blank', b.range);
    return !issued;
  });
}

function mayBeBlankBooklet(b: Blank, labelled: boolean): boolean {
  if (b.status === 'blank' && b.direct) return true;
  return endsOnBookletBoundary(b.range.end) && !(labelled && b.status === undefined);
}

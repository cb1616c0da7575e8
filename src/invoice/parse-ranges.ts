// Reads the blank ranges an owner types or pastes, generously, and says exactly which part
// is off when something is. Never throws: every input gets a result.
import { endsOnBookletBoundary, NUMBER_DIGITS } from './invoice-number.ts';
import { rangeProblemText, rangeWarningText } from './messages.ts';
import { atomize } from './range-tokens.ts';
import type { Atom, DashAtom, NumberAtom } from './range-tokens.ts';
import { rangeCount, rangesOverlap, sameRange, sortRanges, totalCount } from './range.ts';
import type { InvoiceRange } from './range.ts';

export type RangeProblemKind =
  | 'empty'
  | 'unreadable'
  | 'missing-track'
  | 'bad-track'
  | 'digit-count'
  | 'missing-start'
  | 'missing-end'
  | 'track-mismatch'
  | 'end-before-start'
  | 'duplicate'
  | 'overlap';

export interface RangeProblem {
  /** The part of the message at fault, as the owner typed it. */
  readonly piece: string;
  readonly kind: RangeProblemKind;
  /** zh-TW: what is wrong in that piece and an example of the right form. */
  readonly message: string;
  /** For 'duplicate' and 'overlap': the earlier piece it clashes with. */
  readonly otherPiece?: string;
}

export type RangeWarningKind = 'unusual-end' | 'very-long';

export interface RangeWarning {
  readonly range: InvoiceRange;
  readonly kind: RangeWarningKind;
  readonly message: string;
}

export interface RangeParseResult {
  /** Sorted, never overlapping; only the pieces that were fine. Submit nothing while `problems` is non-empty. */
  readonly ranges: InvoiceRange[];
  readonly problems: RangeProblem[];
  readonly warnings: RangeWarning[];
  /** Count of numbers in `ranges`. */
  readonly total: number;
}

// A booklet is 50 numbers; a shop rarely has more than a few hundred blank ones.
export const VERY_LONG_RANGE = 10_000;

// Without a track, only long numbers are taken for invoice numbers; shorter ones are dates,
// counts or machine numbers pasted along (`115年9-10月`, `共 26 張`, `1號機`).
const MIN_DIGITS_WITHOUT_TRACK = 5;

interface Piece {
  start?: NumberAtom;
  dash?: DashAtom;
  end?: NumberAtom;
}

interface Candidate {
  readonly range: InvoiceRange;
  readonly piece: string;
}

type PieceReading =
  | { readonly kind: 'range'; readonly candidate: Candidate }
  | { readonly kind: 'problem'; readonly problem: RangeProblem }
  | { readonly kind: 'noise' };

export function parseRanges(text: string): RangeParseResult {
  const problems: RangeProblem[] = [];
  const candidates: Candidate[] = [];
  for (const piece of splitPieces(atomize(text))) {
    const reading = readPiece(piece, text);
    if (reading.kind === 'range') candidates.push(reading.candidate);
    else if (reading.kind === 'problem') problems.push(reading.problem);
  }
  const accepted = withoutClashes(candidates, problems);
  if (accepted.length === 0 && problems.length === 0) problems.push(nothingFound(text));
  const ranges = sortRanges(accepted);
  return { ranges, problems, warnings: ranges.flatMap(warningsFor), total: totalCount(ranges) };
}

/** True when the owner can go on: at least one range and nothing to fix. */
export function isAcceptable(result: RangeParseResult): boolean {
  return result.problems.length === 0 && result.ranges.length > 0;
}

// ---- Splitting into pieces ------------------------------------------------------------------

function splitPieces(atoms: readonly Atom[]): Piece[] {
  const pieces: Piece[] = [];
  let current: Piece | null = null;
  const close = (): void => {
    if (current !== null) pieces.push(current);
    current = null;
  };
  for (const atom of atoms) {
    if (atom.kind === 'break') close();
    else if (atom.kind === 'dash') current = withDash(current, atom);
    else if (current === null) current = { start: atom };
    else if (takesAsEnd(current, atom)) {
      current.end = atom;
      close();
    } else {
      close();
      current = { start: atom };
    }
  }
  close();
  return pieces;
}

function withDash(current: Piece | null, dash: DashAtom): Piece {
  if (current === null) return { dash };
  current.dash ??= dash;
  return current;
}

// After a dash the next number is the end. Without one, a following number with no track can only
// be an end (`MM16937074 16946899`); with its own track it is a new single number.
function takesAsEnd(current: Piece, next: NumberAtom): boolean {
  if (current.dash !== undefined) return true;
  return next.track === undefined && next.badTrack === undefined;
}

// ---- Reading one piece ------------------------------------------------------------------------

function readPiece(piece: Piece, text: string): PieceReading {
  if (isNoise(piece)) return { kind: 'noise' };
  const typed = pieceText(piece, text);
  const problem = (kind: RangeProblemKind, message: string): PieceReading => ({
    kind: 'problem',
    problem: { piece: typed, kind, message },
  });
  const { start, end, dash } = piece;
  const badTrack = start?.badTrack ?? end?.badTrack;
  if (badTrack !== undefined) return problem('bad-track', rangeProblemText.badTrack(typed, badTrack));
  if (start === undefined) return problem('missing-start', rangeProblemText.missingStart(typed));
  if (dash !== undefined && end === undefined) return problem('missing-end', rangeProblemText.missingEnd(typed));
  const wrongDigits = [start, end].find((n) => n !== undefined && n.digits.length !== NUMBER_DIGITS);
  if (wrongDigits !== undefined) return problem('digit-count', rangeProblemText.digitCount(typed, wrongDigits.digits));
  return readNumbers(start, end ?? start, typed, problem);
}

function readNumbers(
  start: NumberAtom,
  end: NumberAtom,
  typed: string,
  problem: (kind: RangeProblemKind, message: string) => PieceReading,
): PieceReading {
  if (start.track !== undefined && end.track !== undefined && start.track !== end.track) {
    return problem('track-mismatch', rangeProblemText.trackMismatch(typed, start.track, end.track));
  }
  const track = start.track ?? end.track;
  if (track === undefined) return problem('missing-track', rangeProblemText.missingTrack(typed));
  const range = { track, start: Number(start.digits), end: Number(end.digits) };
  if (range.end < range.start) {
    return problem('end-before-start', rangeProblemText.endBeforeStart(typed, { track, start: range.end, end: range.start }));
  }
  return { kind: 'range', candidate: { range, piece: typed } };
}

function isNoise(piece: Piece): boolean {
  const numbers = [piece.start, piece.end].filter((n) => n !== undefined);
  return numbers.every(
    (n) => n.track === undefined && n.badTrack === undefined && n.digits.length < MIN_DIGITS_WITHOUT_TRACK,
  );
}

function pieceText(piece: Piece, text: string): string {
  const spans = [piece.start, piece.dash, piece.end].filter((a) => a !== undefined);
  const from = Math.min(...spans.map((a) => a.from));
  const to = Math.max(...spans.map((a) => a.to));
  return text.slice(from, to).trim();
}

function nothingFound(text: string): RangeProblem {
  const typed = text.trim();
  return /^[\s\u200B-\u200D\u2060\uFEFF]*$/.test(typed)
    ? { piece: typed, kind: 'empty', message: rangeProblemText.empty() }
    : { piece: typed, kind: 'unreadable', message: rangeProblemText.unreadable(typed) };
}

// ---- Within one message -------------------------------------------------------------------------

/** Keeps the first of any two pieces that repeat or overlap, and reports the second. */
function withoutClashes(candidates: readonly Candidate[], problems: RangeProblem[]): InvoiceRange[] {
  const kept: Candidate[] = [];
  for (const candidate of candidates) {
    const clash =
      kept.find((k) => sameRange(k.range, candidate.range)) ?? kept.find((k) => rangesOverlap(k.range, candidate.range));
    if (clash === undefined) kept.push(candidate);
    else problems.push(clashProblem(candidate, clash));
  }
  return kept.map((k) => k.range);
}

function clashProblem(candidate: Candidate, earlier: Candidate): RangeProblem {
  const kind = sameRange(candidate.range, earlier.range) ? 'duplicate' : 'overlap';
  const text = kind === 'duplicate' ? rangeProblemText.duplicate : rangeProblemText.overlap;
  return { piece: candidate.piece, kind, message: text(candidate.piece, earlier.piece), otherPiece: earlier.piece };
}

function warningsFor(range: InvoiceRange): RangeWarning[] {
  const warnings: RangeWarning[] = [];
  if (!endsOnBookletBoundary(range.end)) {
    warnings.push({ range, kind: 'unusual-end', message: rangeWarningText.unusualEnd(range) });
  }
  const count = rangeCount(range);
  if (count > VERY_LONG_RANGE) {
    warnings.push({ range, kind: 'very-long', message: rangeWarningText.veryLong(range, count) });
  }
  return warnings;
}

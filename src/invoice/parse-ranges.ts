// Reads the blank ranges an owner types or pastes, generously, and says exactly which part
// is off when something is. Never throws: every input gets a result.
//
// Owners also paste or photograph the whole POS screen, which shows used numbers beside blank ones:
// labels such as 未使用 / 已使用 / 最後開立 / 目前號碼 decide what is blank (pos-screen.ts reads them, blank-rules.ts
// decides), and whatever is not reported is listed in `leftOut` with the reason. Text without any label reads as
// it always did: every range is blank.
import { sortOut } from './blank-rules.ts';
import type { Candidate, LabelledReading, LeftOutPart } from './blank-rules.ts';
import { endsOnBookletBoundary, NUMBER_DIGITS } from './invoice-number.ts';
import { rangeProblemText, rangeWarningText } from './messages.ts';
import { readScreen } from './pos-screen.ts';
import type { Piece, ScreenPiece } from './pos-screen.ts';
import type { NumberAtom } from './range-tokens.ts';
import { rangeCount, rangesOverlap, sameRange, sortRanges, totalCount } from './range.ts';
import type { InvoiceRange } from './range.ts';

export type { LeftOutPart, LeftOutReason } from './blank-rules.ts';
export type { NumberStatus } from './pos-labels.ts';

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
  | 'overlap'
  /** Everything readable was left out (all used, or only the next number): nothing to report yet. */
  | 'nothing-blank';

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
  /**
   * What the owner sent that is not reported, and why (used, issued, the next number…), in the order written.
   * Show it with the ranges so the owner sees nothing was lost: each `message` reads 「已略過：…（…）」.
   */
  readonly leftOut: LeftOutPart[];
}

// A booklet is 50 numbers; a shop rarely has more than a few hundred blank ones.
export const VERY_LONG_RANGE = 10_000;

type PieceReading = LabelledReading['reading'];

export function parseRanges(text: string): RangeParseResult {
  const screen = readScreen(text);
  const readings = screen.pieces.map((piece) => labelledReading(piece, text));
  const { candidates, problems, leftOut } = sortOut(readings, screen.labelled);
  const accepted = withoutClashes(candidates, problems);
  if (accepted.length === 0 && problems.length === 0) problems.push(nothingFound(text, leftOut));
  const ranges = sortRanges(accepted);
  return { ranges, problems, warnings: ranges.flatMap(warningsFor), total: totalCount(ranges), leftOut };
}

/** True when the owner can go on: at least one range and nothing to fix. */
export function isAcceptable(result: RangeParseResult): boolean {
  return result.problems.length === 0 && result.ranges.length > 0;
}

// ---- Reading one piece ------------------------------------------------------------------------

function labelledReading(found: ScreenPiece, text: string): LabelledReading {
  const reading = readPiece(found.piece, text, trackFor(found));
  const fragment = text.slice(found.fragmentFrom, found.fragmentTo).trim();
  const labelled = { reading, direct: found.direct, startOnly: found.startOnly, fragment, at: found.fragmentFrom };
  return found.status === undefined ? labelled : { ...labelled, status: found.status };
}

// A single number with no label takes no track from elsewhere: on a pasted screen a lone eight-digit
// number is as likely a date or a 統一編號 as an invoice number.
function trackFor(found: ScreenPiece): string | undefined {
  const single = found.piece.dash === undefined && found.piece.end === undefined;
  return single && found.status === undefined ? undefined : found.track;
}

function readPiece(piece: Piece, text: string, writtenTrack: string | undefined): PieceReading {
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
  return readNumbers(start, end ?? start, writtenTrack, typed, problem);
}

function readNumbers(
  start: NumberAtom,
  end: NumberAtom,
  writtenTrack: string | undefined,
  typed: string,
  problem: (kind: RangeProblemKind, message: string) => PieceReading,
): PieceReading {
  if (start.track !== undefined && end.track !== undefined && start.track !== end.track) {
    return problem('track-mismatch', rangeProblemText.trackMismatch(typed, start.track, end.track));
  }
  const track = start.track ?? end.track ?? writtenTrack;
  if (track === undefined) return problem('missing-track', rangeProblemText.missingTrack(typed));
  const range = { track, start: Number(start.digits), end: Number(end.digits) };
  if (range.end < range.start) {
    return problem('end-before-start', rangeProblemText.endBeforeStart(typed, { track, start: range.end, end: range.start }));
  }
  return { kind: 'range', range, piece: typed };
}

function pieceText(piece: Piece, text: string): string {
  const spans = [piece.start, piece.dash, piece.end].filter((a) => a !== undefined);
  const from = Math.min(...spans.map((a) => a.from));
  const to = Math.max(...spans.map((a) => a.to));
  return text.slice(from, to).trim();
}

function nothingFound(text: string, leftOut: readonly LeftOutPart[]): RangeProblem {
  const typed = text.trim();
  if (leftOut.length > 0) return { piece: typed, kind: 'nothing-blank', message: rangeProblemText.nothingBlank(leftOut) };
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

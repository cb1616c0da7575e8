// Second half of reading ranges: the owner's text as lines of a POS screen. Finds the pieces (a number, or two
// numbers with what joins them), the track each belongs to, and the label each one carries.
//
// How a status label (未使用, 已使用, 最後開立, 目前號碼…) reaches the numbers:
// - On the same line, a label names what follows it (`未使用 MM…`, `已開立：MM… 空白：MM…`) up to the next label.
//   A line that starts with a number and has bare labels after numbers reads the other way (`MM… 已使用 MM… 未使用`):
//   each label names the numbers before it. A label in brackets names the number just before it (`MM…（已使用）`);
//   a label with a colon always names what follows.
// - A line with labels and no numbers is a heading: it names the numbers on the following lines, up to the next
//   line with a label or a machine (`2號機`, `POS 2`). One label is a section heading (`未使用：`), several are
//   column headings (`字軌 已使用 未使用`): the first number of each row goes under the first column, and so on.
// - A line whose label names what follows goes on naming the unlabelled lines below it, up to the next label.
// - A line with a label and only short numbers (`未使用張數 26`) is about counts: it names nothing below it.
// When two labels on one line name the same piece and disagree, the one that is not blank wins: better to leave a
// blank number out in plain sight than to report an issued one.
import { findLabels, isStatusLabel, maskLabels } from './pos-labels.ts';
import type { LabelHit, NumberStatus } from './pos-labels.ts';
import { atomize, breakOffsets } from './range-tokens.ts';
import type { Atom, DashAtom, NumberAtom, TrackAtom } from './range-tokens.ts';

export type PieceStatus = NumberStatus | 'unclear';

export interface Piece {
  start?: NumberAtom;
  dash?: DashAtom;
  end?: NumberAtom;
}

export interface ScreenPiece {
  readonly piece: Piece;
  /** A track written apart from the numbers: a track line or column above, or earlier on the same line. */
  readonly track?: string;
  /** Undefined when no label names it. */
  readonly status?: PieceStatus;
  /** The label is on the piece's own line or heads its column, not a section heading lines above. */
  readonly direct: boolean;
  /** One number written as a start (`起始號碼 MM16937000`) with no end: half a range. */
  readonly startOnly: boolean;
  /** The piece with its label, as the owner wrote it (offsets into the whole text). */
  readonly fragmentFrom: number;
  readonly fragmentTo: number;
}

export interface Screen {
  /** In the order written; short numbers that are only dates and counts are left out. */
  readonly pieces: ScreenPiece[];
  /** Some status label appears somewhere in the text. */
  readonly labelled: boolean;
}

// Without a track, only long numbers are taken for invoice numbers; shorter ones are dates,
// counts or machine numbers pasted along (`115年9-10月`, `共 26 張`, `1號機`).
const MIN_DIGITS_WITHOUT_TRACK = 5;

type StatusHit = LabelHit & { readonly kind: NumberStatus };

interface LinePiece {
  readonly piece: Piece;
  from: number;
  to: number;
  /** The line (or two lines, when joined) the piece stands on. */
  readonly lineFrom: number;
  lineTo: number;
  track?: string;
  status?: PieceStatus;
  direct: boolean;
  startOnly: boolean;
  fragmentFrom: number;
  fragmentTo: number;
}

interface Line {
  readonly empty: boolean;
  readonly labels: StatusHit[];
  readonly machine: boolean;
  readonly tracks: TrackAtom[];
  /** Any number at all, counts and dates included. */
  readonly numbers: boolean;
  pieces: LinePiece[];
  /** Where the short numbers (counts, dates) are: a label right before one may name the count. */
  counts: { readonly from: number; readonly to: number }[];
  readonly breaks: readonly number[];
  /** Where each start word (起, 起號, 起始號碼, 開始, 從) ends. */
  readonly startWords: readonly number[];
}

type Scope =
  | { readonly kind: 'section'; readonly status: NumberStatus; readonly heading: boolean }
  | { readonly kind: 'columns'; readonly statuses: NumberStatus[] };

// The last one issued and the next one are single numbers: a heading of theirs names no range below it.
const SINGLE_NUMBER_STATUSES: ReadonlySet<PieceStatus> = new Set<PieceStatus>(['last-issued', 'next-number']);

export function readScreen(text: string): Screen {
  const lines = splitLines(text).map(({ line, from }) => readLine(line, from));
  joinAcrossLines(lines);
  for (const line of lines) setCountsApart(line);
  const labelled = lines.some((line) => line.labels.length > 0);
  assignTracks(lines, labelled);
  assignStatuses(lines);
  for (const line of lines) quoteWholeLine(line);
  return { pieces: lines.flatMap((line) => line.pieces), labelled };
}

function setCountsApart(line: Line): void {
  line.counts = line.pieces.filter((p) => isNoise(p.piece)).map(({ from, to }) => ({ from, to }));
  line.pieces = line.pieces.filter((p) => !isNoise(p.piece));
  markStartsOnly(line);
}

// A piece alone on its line is quoted with the whole line, labels and all, the way the owner sees it.
function quoteWholeLine(line: Line): void {
  const [piece, other] = line.pieces;
  if (piece === undefined || other !== undefined) return;
  piece.fragmentFrom = Math.min(piece.fragmentFrom, piece.lineFrom);
  piece.fragmentTo = Math.max(piece.fragmentTo, piece.lineTo);
}

function markStartsOnly(line: Line): void {
  for (const piece of line.pieces) {
    if (!isSingle(piece.piece)) continue;
    const word = line.startWords.filter((to) => to <= piece.from).at(-1);
    const before = line.pieces.filter((p) => p.to <= piece.from).at(-1);
    piece.startOnly = word !== undefined && (before === undefined || before.to <= word);
  }
}

function isNoise(piece: Piece): boolean {
  const numbers = [piece.start, piece.end].filter((n) => n !== undefined);
  return numbers.every(
    (n) => n.track === undefined && n.badTrack === undefined && n.digits.length < MIN_DIGITS_WITHOUT_TRACK,
  );
}

// ---- Lines ------------------------------------------------------------------------------------------

function splitLines(text: string): { line: string; from: number }[] {
  const lines: { line: string; from: number }[] = [];
  const breaks = /\r\n|[\n\r\u2028\u2029\u0085]/g;
  let from = 0;
  for (const match of text.matchAll(breaks)) {
    lines.push({ line: text.slice(from, match.index), from });
    from = match.index + match[0].length;
  }
  lines.push({ line: text.slice(from), from });
  return lines;
}

function readLine(line: string, from: number): Line {
  const found = findLabels(line);
  const hits = found.map((hit) => ({ ...hit, from: hit.from + from, to: hit.to + from, closeTo: hit.closeTo + from }));
  const masked = maskLabels(line, found);
  const atoms = atomize(masked).map((atom) => shift(atom, from));
  const { pieces, tracks } = splitPieces(atoms);
  return {
    empty: line.trim() === '',
    labels: hits.filter(isStatusLabel),
    machine: hits.some((hit) => hit.kind === 'machine'),
    tracks,
    numbers: atoms.some((atom) => atom.kind === 'number'),
    pieces: pieces.map((piece) => toLinePiece(piece, from, from + line.length)),
    counts: [],
    breaks: breakOffsets(masked).map((at) => at + from),
    startWords: hits.filter((hit) => hit.kind === 'start-word').map((hit) => hit.to),
  };
}

function shift(atom: Atom, by: number): Atom {
  return atom.kind === 'break' ? atom : { ...atom, from: atom.from + by, to: atom.to + by };
}

function toLinePiece(piece: Piece, lineFrom: number, lineTo: number): LinePiece {
  const { from, to } = spanOf(piece);
  return { piece, from, to, lineFrom, lineTo, direct: false, startOnly: false, fragmentFrom: from, fragmentTo: to };
}

function spanOf(piece: Piece): { from: number; to: number } {
  const atoms = [piece.start, piece.dash, piece.end].filter((a) => a !== undefined);
  return { from: Math.min(...atoms.map((a) => a.from)), to: Math.max(...atoms.map((a) => a.to)) };
}

// ---- Pieces within a line ----------------------------------------------------------------------------

function splitPieces(atoms: readonly Atom[]): { pieces: Piece[]; tracks: TrackAtom[] } {
  const pieces: Piece[] = [];
  const tracks: TrackAtom[] = [];
  let current: Piece | null = null;
  const close = (): void => {
    if (current !== null) pieces.push(current);
    current = null;
  };
  atoms.forEach((atom, i) => {
    if (atom.kind === 'break') close();
    else if (atom.kind === 'track') {
      close();
      tracks.push(atom);
    } else if (atom.kind === 'dash') current = withDash(current, atom);
    else if (current === null) current = { start: atom };
    else if (takesAsEnd(current, atom, atoms[i + 1])) {
      current.end = atom;
      close();
    } else {
      close();
      current = { start: atom };
    }
  });
  close();
  return { pieces, tracks };
}

function withDash(current: Piece | null, dash: DashAtom): Piece {
  if (current === null) return { dash };
  current.dash ??= dash;
  return current;
}

// After a dash the next number is the end. Without one, a following number with no track can only
// be an end (`MM16937074 16946899`); with its own track, or a dash after it (the columns
// `16937073  16937074~16937099`), it starts something new.
function takesAsEnd(current: Piece, next: NumberAtom, after: Atom | undefined): boolean {
  if (current.dash !== undefined) return true;
  return next.track === undefined && next.badTrack === undefined && after?.kind !== 'dash';
}

// ---- Ranges split over two lines (`起 MM16937074⏎迄 16937099`, `MM16937074 ~⏎16937099`) ------------------

function joinAcrossLines(lines: readonly Line[]): void {
  lines.forEach((line, i) => {
    const last = line.pieces.at(-1);
    const next = lines.slice(i + 1).find((l) => !l.empty);
    const first = next?.pieces[0];
    if (last === undefined || next === undefined || first === undefined) return;
    if (isNoise(last.piece) || isNoise(first.piece)) return;
    if (labelBefore(next, first.from) || !joinPieces(last, first)) return;
    next.pieces = next.pieces.slice(1);
    last.lineTo = next.pieces.length === 0 ? first.lineTo : first.to;
  });
}

function labelBefore(line: Line, at: number): boolean {
  return line.machine || line.labels.some((label) => label.from < at);
}

function joinPieces(into: LinePiece, next: LinePiece): boolean {
  const a = into.piece;
  const b = next.piece;
  if (a.start === undefined || a.end !== undefined) return false;
  if (a.dash === undefined && b.start === undefined && b.dash !== undefined && b.end !== undefined) {
    a.dash = b.dash;
    a.end = b.end;
  } else if (a.dash !== undefined && b.start !== undefined && b.dash === undefined && b.end === undefined) {
    if (b.start.badTrack !== undefined || (b.start.track !== undefined && b.start.track !== a.start.track)) return false;
    a.end = b.start;
  } else return false;
  into.to = next.to;
  into.fragmentTo = next.to;
  return true;
}

// ---- Tracks written apart from the numbers ---------------------------------------------------------------

/**
 * A piece without its own track takes one written apart: earlier on its line (`MM 未使用 16937074 16937099`),
 * the only one on its line, or the last track line above (`MM⏎16937074-16937099`), until a new machine.
 * On a labelled screen, a number also takes the track of the number before it on the same line.
 */
function assignTracks(lines: readonly Line[], labelled: boolean): void {
  let context: string | undefined;
  for (const line of lines) {
    if (line.machine) context = undefined;
    const only = line.tracks.length === 1 ? line.tracks[0]?.track : undefined;
    let previous: string | undefined;
    for (const piece of line.pieces) {
      const before = line.tracks.filter((t) => t.to <= piece.from).at(-1)?.track;
      piece.track = before ?? only ?? context ?? (labelled ? previous : undefined);
      previous = piece.piece.start?.track ?? piece.piece.end?.track ?? piece.track;
    }
    context = line.tracks.at(-1)?.track ?? context;
  }
}

// ---- Status labels ------------------------------------------------------------------------------------

function assignStatuses(lines: readonly Line[]): void {
  let scope: Scope | null = null;
  for (const line of lines) {
    if (line.machine || (line.empty && scope?.kind === 'section' && !scope.heading)) scope = null;
    if (line.labels.length === 0) applyScope(scope, line.pieces);
    else if (line.pieces.length > 0) scope = labelLine(line);
    else scope = line.numbers ? null : headingScope(line.labels);
  }
}

function headingScope(labels: readonly StatusHit[]): Scope {
  // `空白未使用`, `未使用 空白`: words of one status side by side head one column.
  const statuses = labels.map((label) => label.kind).filter((kind, i, all) => kind !== all[i - 1]);
  const [first] = statuses;
  return first !== undefined && statuses.every((s) => s === first)
    ? { kind: 'section', status: first, heading: true }
    : { kind: 'columns', statuses };
}

function applyScope(scope: Scope | null, pieces: readonly LinePiece[]): void {
  if (scope === null) return;
  if (scope.kind === 'section') {
    const reaches = (piece: LinePiece): boolean => isSingle(piece.piece) || !SINGLE_NUMBER_STATUSES.has(scope.status);
    for (const piece of pieces.filter(reaches)) piece.status = scope.status;
    return;
  }
  // A row that does not have one number per column cannot be told apart: left out, never guessed.
  const fits = pieces.length === scope.statuses.length;
  pieces.forEach((piece, i) => {
    piece.status = fits ? scope.statuses[i] : 'unclear';
    piece.direct = true;
  });
}

type Direction = 'forward' | 'backward' | 'bracket';

interface Naming {
  readonly label: StatusHit;
  readonly direction: Direction;
}

function isSingle(piece: Piece): boolean {
  return piece.dash === undefined && piece.end === undefined;
}

/**
 * Labels and numbers on one line; returns the scope the line leaves for the lines below: a label naming what
 * follows goes on naming ranges on the lines below (not the last issued or the next number, which are one number).
 */
function labelLine(line: Line): Scope | null {
  const { labels, pieces } = line;
  const firstPiece = pieces[0];
  const firstLabel = labels[0];
  if (firstPiece === undefined || firstLabel === undefined) return null;
  const trailing = firstPiece.from < firstLabel.from && labels.some((l) => !l.inParens && !l.colon && l.from > firstPiece.to);
  const namings = labels.map((label): Naming => ({ label, direction: directionOf(label, trailing) }));
  for (const piece of pieces) nameFromLine(piece, namings, line);
  const last = namings.at(-1);
  if (last === undefined || last.direction !== 'forward' || SINGLE_NUMBER_STATUSES.has(last.label.kind)) return null;
  return { kind: 'section', status: last.label.kind, heading: false };
}

function directionOf(label: StatusHit, trailing: boolean): Direction {
  if (label.inParens) return 'bracket';
  if (label.colon) return 'forward';
  return trailing ? 'backward' : 'forward';
}

function nameFromLine(piece: LinePiece, namings: readonly Naming[], line: Line): void {
  const { pieces } = line;
  const naming = pick(namings.filter((n) => names(n, piece, namings, line)));
  if (naming === undefined) return;
  piece.status = naming.label.kind;
  piece.direct = true;
  const { label } = naming;
  if (naming.direction === 'forward') {
    if (pieces.find((p) => p.from > label.from) === piece) piece.fragmentFrom = Math.min(piece.fragmentFrom, label.from);
  } else if (pieces.filter((p) => p.to <= label.from).at(-1) === piece) {
    piece.fragmentTo = Math.max(piece.fragmentTo, label.closeTo);
  }
}

// A label names the numbers on its side up to the next label, or up to a count set apart by a break
// (`未使用 26 張，MM…`: it named the count). A count inside the label (`已使用（74張）：MM…`) does not stop it.
function names(naming: Naming, piece: LinePiece, namings: readonly Naming[], line: Line): boolean {
  const at = naming.label.from;
  switch (naming.direction) {
    case 'forward':
      return piece.from > at && nothingBetween(at, piece.from, namings, line);
    case 'backward':
      return piece.to <= at && nothingBetween(piece.to, at, namings, line);
    case 'bracket':
      return line.pieces.filter((p) => p.to <= at).at(-1) === piece && nothingBetween(piece.to, at, namings, { ...line, counts: [] });
  }
}

function nothingBetween(from: number, to: number, namings: readonly Naming[], line: Line): boolean {
  const inside = (at: number): boolean => at > from && at < to;
  if (namings.some((n) => inside(n.label.from))) return false;
  return !(line.counts.some((c) => inside(c.from)) && line.breaks.some(inside));
}

// Disagreeing labels: one that is not blank wins, a bracket first (it sits right on the number).
function pick(candidates: readonly Naming[]): Naming | undefined {
  const notBlank = candidates.filter((n) => n.label.kind !== 'blank');
  if (notBlank.length === 0) return candidates[0];
  return notBlank.find((n) => n.direction === 'bracket') ?? notBlank[0];
}

// First half of reading ranges: turn whatever the owner typed into a flat list of atoms
// (invoice numbers with their track, range dashes, hard breaks), each remembering where in the
// original text it came from so problems can quote the owner's own words.
import { foldChar } from './normalize-text.ts';

export interface NumberAtom {
  readonly kind: 'number';
  readonly digits: string;
  /** Two letters written before the digits. */
  readonly track?: string;
  /** Letters glued to the digits that cannot be a track (one letter, three letters…). */
  readonly badTrack?: string;
  readonly from: number;
  readonly to: number;
}

export interface DashAtom {
  readonly kind: 'dash';
  readonly from: number;
  readonly to: number;
}

/** Something that ends a range for sure: a new line, a comma, a semicolon… */
export interface BreakAtom {
  readonly kind: 'break';
}

/**
 * Two letters standing alone, not written before digits: the track of a column or a block on a POS screen
 * (`MM⏎16937074-16937099`, `字軌 MM`). It never makes a number by itself; whoever reads lines decides
 * which numbers it belongs to.
 */
export interface TrackAtom {
  readonly kind: 'track';
  readonly track: string;
  readonly from: number;
  readonly to: number;
}

export type Atom = NumberAtom | DashAtom | BreakAtom | TrackAtom;

type LexemeKind = 'letters' | 'digits' | 'dash' | 'break' | 'space';

interface Lexeme {
  readonly kind: LexemeKind;
  readonly text: string;
  readonly from: number;
  readonly to: number;
}

// Words owners put between the two ends of a range, besides "to" (handled with the letters).
const DASH_CHARS = new Set(['-', '~', '至', '到', '迄', '止']);
// `|` and tabs separate the columns of a pasted table (`MM | 16937074 | 16937099`), so they are spaces.
const BREAK_CHARS = new Set(['\n', '\r', '\u2028', '\u2029', '\u0085', ',', '、', ';', '/', '。']);

// English words of two letters that a pasted screen or a chat may hold: never taken for a lone track.
const NOT_TRACKS = new Set([
  'AM', 'AN', 'AS', 'AT', 'BE', 'BY', 'DO', 'GO', 'HI', 'ID', 'IF', 'IN', 'IS', 'IT', 'ME', 'MY', 'NO', 'OF',
  'OK', 'ON', 'OR', 'PM', 'SO', 'TO', 'TW', 'UP', 'US', 'WE',
]);

export function atomize(text: string): Atom[] {
  return toAtoms(lex(text));
}

/** Where the hard breaks (new line, comma, semicolon…) are in the text. */
export function breakOffsets(text: string): number[] {
  return lex(text).filter((lexeme) => lexeme.kind === 'break').map((lexeme) => lexeme.from);
}

function classify(ch: string): LexemeKind {
  if (ch >= 'A' && ch <= 'Z') return 'letters';
  if (ch >= '0' && ch <= '9') return 'digits';
  if (DASH_CHARS.has(ch)) return 'dash';
  if (BREAK_CHARS.has(ch)) return 'break';
  // Labels (未使用發票：, 起, 號), emoji and everything else only separate things.
  return 'space';
}

// Runs of letters, digits or spaces merge; every dash and break stands alone.
function lex(text: string): Lexeme[] {
  const lexemes: Lexeme[] = [];
  let offset = 0;
  for (const original of text) {
    for (const folded of foldChar(original)) {
      const ch = folded >= 'a' && folded <= 'z' ? folded.toUpperCase() : folded;
      pushChar(lexemes, classify(ch), ch, offset, offset + original.length);
    }
    offset += original.length;
  }
  return lexemes;
}

function pushChar(lexemes: Lexeme[], kind: LexemeKind, ch: string, from: number, to: number): void {
  const last = lexemes.at(-1);
  const merges = kind === 'letters' || kind === 'digits' || kind === 'space';
  if (merges && last !== undefined && last.kind === kind) {
    lexemes[lexemes.length - 1] = { kind, text: last.text + ch, from: last.from, to };
  } else {
    lexemes.push({ kind, text: ch, from, to });
  }
}

function toAtoms(lexemes: readonly Lexeme[]): Atom[] {
  const atoms: Atom[] = [];
  let i = 0;
  while (i < lexemes.length) {
    const lexeme = lexemes[i];
    if (lexeme === undefined) break;
    if (lexeme.kind === 'letters') {
      i = lettersToAtom(lexemes, i, lexeme, atoms);
      continue;
    }
    if (lexeme.kind === 'digits') atoms.push({ kind: 'number', digits: lexeme.text, from: lexeme.from, to: lexeme.to });
    else if (lexeme.kind === 'dash') atoms.push({ kind: 'dash', from: lexeme.from, to: lexeme.to });
    else if (lexeme.kind === 'break') atoms.push({ kind: 'break' });
    i += 1;
  }
  return atoms;
}

/** Reads letters at index i; returns the index of the next lexeme still to read. */
function lettersToAtom(lexemes: readonly Lexeme[], i: number, letters: Lexeme, atoms: Atom[]): number {
  const next = lexemes[i + 1];
  const gluedToNext = next?.kind === 'digits';
  if (isWordTo(letters, lexemes[i - 1], gluedToNext, atoms)) {
    atoms.push({ kind: 'dash', from: letters.from, to: letters.to });
    return i + 1;
  }
  const digitsAt = nextDigitsIndex(lexemes, i + 1);
  const digits = digitsAt === null ? undefined : lexemes[digitsAt];
  if (letters.text.length === 2 && digitsAt !== null && digits !== undefined) {
    // `MM16937074`, `MM 16937074`, `MM-16937074`: the letters are the track of the next number.
    atoms.push({ kind: 'number', digits: digits.text, track: letters.text, from: letters.from, to: digits.to });
    return digitsAt + 1;
  }
  if (gluedToNext && next !== undefined) {
    atoms.push({ kind: 'number', digits: next.text, badTrack: letters.text, from: letters.from, to: next.to });
    return i + 2;
  }
  if (letters.text.length === 2 && !NOT_TRACKS.has(letters.text)) {
    atoms.push({ kind: 'track', track: letters.text, from: letters.from, to: letters.to });
  }
  return i + 1; // otherwise a stray word such as POS or OK
}

// "to" joins two numbers, unless it is glued to the following digits only: then it is the track TO.
function isWordTo(letters: Lexeme, previous: Lexeme | undefined, gluedToNext: boolean, atoms: readonly Atom[]): boolean {
  if (letters.text !== 'TO') return false;
  const lastAtom = atoms.at(-1);
  if (lastAtom?.kind !== 'number') return false;
  return previous?.kind === 'digits' || !gluedToNext;
}

/** The digits a track belongs to: next, after any spaces or dashes (owners write `MM-16937074`). */
function nextDigitsIndex(lexemes: readonly Lexeme[], from: number): number | null {
  for (let j = from; j < lexemes.length; j += 1) {
    const kind = lexemes[j]?.kind;
    if (kind === 'digits') return j;
    if (kind !== 'space' && kind !== 'dash') return null;
  }
  return null;
}

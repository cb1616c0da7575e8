// Cleans a line read by Tesseract into what an owner would have typed, keeping each character's confidence.
// Only changes that cannot invent a digit: folding full-width forms and dashes, O for 0 between digits,
// dropping quote marks and specks Tesseract reads out of screen borders, and rejoining a number split by a space.
import { foldChar } from '../invoice/normalize-text.ts';
import type { OcrChar, OcrLine } from './recognise.ts';

// Specks and quotes Tesseract reads from borders, icons and anti-aliased edges; never part of a range or label.
const NOISE = new Set(['“', '”', '"', "'", '‘', '’', '`', '。', '_', '|', '·', '•', '«', '»', '¢', '©', '®', '°', '‧', '´']);
const NUMBER_DIGITS = 8;

export function cleanLine(line: OcrLine): OcrLine {
  const folded = line.chars.flatMap(foldOne).filter((c) => !NOISE.has(c.ch));
  const words = joinCjk(splitWords(folded)).map(zeroForO);
  return { chars: joinWords(dropStrayDashes(joinSplitNumbers(words))) };
}

function foldOne(c: OcrChar): OcrChar[] {
  return Array.from(foldChar(c.ch)).map((ch) => ({ ...c, ch }));
}

function splitWords(chars: readonly OcrChar[]): OcrChar[][] {
  const words: OcrChar[][] = [[]];
  for (const c of chars) {
    if (c.ch === ' ') words.push([]);
    else words.at(-1)!.push(c);
  }
  return words.filter((word) => word.length > 0);
}

function joinWords(words: readonly OcrChar[][]): OcrChar[] {
  return words.flatMap((word, i) => (i === 0 ? word : [{ ch: ' ', confidence: 100, wordConfidence: 100 }, ...word]));
}

// Tesseract puts spaces between Chinese characters (`已 使用`); labels are matched without them.
function joinCjk(words: OcrChar[][]): OcrChar[][] {
  const out: OcrChar[][] = [];
  for (const word of words) {
    const previous = out.at(-1);
    if (previous !== undefined && isCjk(previous.at(-1)) && isCjk(word[0])) out[out.length - 1] = [...previous, ...word];
    else out.push(word);
  }
  return out;
}

const isCjk = (c: OcrChar | undefined): boolean => c !== undefined && /[\p{Script=Han}]/u.test(c.ch);

const isDigit = (c: OcrChar | undefined): boolean => c !== undefined && c.ch >= '0' && c.ch <= '9';

// O or o with a digit before it, or one after it and no letter before it, is a zero (`MM1693O000`).
// A track's letter O (`MO12345678`) has a letter before it and stays.
function zeroForO(word: OcrChar[]): OcrChar[] {
  return word.map((c, i) => {
    if (c.ch !== 'O' && c.ch !== 'o') return c;
    const before = word[i - 1];
    const letterBefore = before !== undefined && /[A-Za-z]/.test(before.ch);
    return isDigit(before) || (isDigit(word[i + 1]) && !letterBefore) ? { ...c, ch: '0' } : c;
  });
}

// `MM1693 7000` is one number Tesseract split where the photo has a gap: two digit runs that together make
// exactly eight digits are joined. Two whole numbers (8 + 8) are never joined.
function joinSplitNumbers(words: OcrChar[][]): OcrChar[][] {
  const out: OcrChar[][] = [];
  for (const word of words) {
    const previous = out.at(-1);
    if (previous !== undefined && fitTogether(previous, word)) out[out.length - 1] = [...previous, ...word];
    else out.push(word);
  }
  return out;
}

function fitTogether(left: readonly OcrChar[], right: readonly OcrChar[]): boolean {
  const tail = trailingDigits(left);
  const head = leadingDigits(right);
  return tail > 0 && head > 0 && tail < NUMBER_DIGITS && head < NUMBER_DIGITS && tail + head === NUMBER_DIGITS;
}

function trailingDigits(word: readonly OcrChar[]): number {
  let n = 0;
  while (n < word.length && isDigit(word[word.length - 1 - n])) n += 1;
  return n;
}

function leadingDigits(word: readonly OcrChar[]): number {
  let n = 0;
  while (n < word.length && isDigit(word[n])) n += 1;
  return n;
}

// A dash or tilde standing alone is a range's dash only between two numbers (`16937074 ~ 16937099`);
// or between a number and a tracked number; elsewhere (`未使用 ~~ MN22041150…`) it is a speck, and would read as a dash with no start.
function dropStrayDashes(words: OcrChar[][]): OcrChar[][] {
  return words.filter((word, i) => {
    if (!word.every((c) => c.ch === '-' || c.ch === '~')) return true;
    const before = words[i - 1];
    const after = words[i + 1];
    // After the dash the end may be written with its track again (`UX67370700 ~ UX67370749`).
    const endStarts = after !== undefined && (isDigit(after[0]) || (/^[A-Z]{2}$/.test(after.slice(0, 2).map((c) => c.ch).join('')) && isDigit(after[2])));
    return word.length === 1 && before !== undefined && isDigit(before.at(-1)) && endStarts;
  });
}

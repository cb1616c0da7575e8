// Owners type on phones with Chinese IMEs: full-width letters and digits, and a zoo of dashes
// and tildes. Everything that reads text folds it to plain ASCII first, one character at a time,
// so callers that need positions can map each folded character back to what the owner typed.

// Every character an IME or a copy-paste may produce where the owner meant "-".
const DASHES = new Set([
  '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212',
  '\uFE58', '\uFE63', '\uFF0D', '\u30FC', '\u2500', '\u2501', '\u2E3A', '\u2E3B', '\u02D7',
]);

// Every character that looks like "~"; U+301C is what macOS and many Chinese IMEs produce.
const TILDES = new Set(['~', '\uFF5E', '\u301C', '\u223C', '\u02DC', '\u2053', '\u3030']);

/** Folds one code point: dashes → '-', tildes → '~', full-width and compatibility forms via NFKC. */
export function foldChar(ch: string): string {
  if (DASHES.has(ch)) return '-';
  if (TILDES.has(ch)) return '~';
  return ch.normalize('NFKC');
}

export function foldText(text: string): string {
  let out = '';
  for (const ch of text) out += foldChar(ch);
  return out;
}

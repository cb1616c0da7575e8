// When a character counts as read. LSTM symbol confidences run high even for a wrong digit, so the word's
// confidence counts too; neither alone is trusted to present a range as read: see agreement in reading.ts.
import type { OcrChar, OcrLine } from './recognise.ts';

/** Measured on the bench: below these, misreads outnumber good reads. */
export const SURE_SYMBOL_CONFIDENCE = 60;
export const SURE_WORD_CONFIDENCE = 45;

export function isSure(c: OcrChar): boolean {
  return c.confidence >= SURE_SYMBOL_CONFIDENCE && c.wordConfidence >= SURE_WORD_CONFIDENCE;
}

/**
 * A run of characters as text, `?` for each symbol Tesseract was unsure of. When only the word was unsure
 * (every symbol looked fine), the owner still sees the characters: the doubt's reason says why it is asked.
 */
export function markUnsure(chars: readonly OcrChar[]): string {
  return chars.map((c) => (c.confidence >= SURE_SYMBOL_CONFIDENCE || c.ch === ' ' ? c.ch : '?')).join('');
}

/** `text` found in a line (spaces ignored), with `?` for characters not read with confidence; undefined when absent. */
export function markedOccurrence(lines: readonly OcrLine[], text: string): string | undefined {
  for (const line of lines) {
    const chars = line.chars.filter((c) => c.ch !== ' ');
    const at = chars.map((c) => c.ch).join('').indexOf(text);
    if (at >= 0) return markUnsure(chars.slice(at, at + text.length));
  }
  return undefined;
}

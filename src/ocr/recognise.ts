// Runs one Tesseract reading and keeps what the reader needs: lines of characters, each with how sure
// Tesseract was of it and of the word it stands in.
import type { Worker } from 'tesseract.js';

export interface OcrChar {
  readonly ch: string;
  /** Tesseract's confidence in this symbol, 0–100. */
  readonly confidence: number;
  /** Confidence in the whole word: LSTM symbol confidences are often high even for a wrong digit. */
  readonly wordConfidence: number;
}

export interface OcrLine {
  /** Words joined by one space (spaces have confidence 100). */
  readonly chars: readonly OcrChar[];
}

export interface OcrPage {
  readonly lines: OcrLine[];
  /** Tesseract's mean confidence over the page, 0–100. */
  readonly confidence: number;
}

const SPACE: OcrChar = { ch: ' ', confidence: 100, wordConfidence: 100 };

export async function recognise(worker: Worker, png: Buffer): Promise<OcrPage> {
  // The image comes straightened (see preprocess.ts): Tesseract's rotateAuto would double the time.
  const { data } = await worker.recognize(png, {}, { blocks: true, text: false });
  const lines = (data.blocks ?? []).flatMap((block) => block.paragraphs.flatMap((paragraph) => paragraph.lines));
  return { lines: lines.map(toLine).filter((line) => line.chars.length > 0), confidence: data.confidence };
}

function toLine(line: { words: { text: string; confidence: number; symbols: { text: string; confidence: number }[] }[] }): OcrLine {
  const chars: OcrChar[] = [];
  for (const word of line.words) {
    const symbols = word.symbols.length > 0 ? word.symbols : [{ text: word.text, confidence: word.confidence }];
    if (chars.length > 0) chars.push(SPACE);
    for (const symbol of symbols) {
      for (const ch of symbol.text) chars.push({ ch, confidence: symbol.confidence, wordConfidence: word.confidence });
    }
  }
  return { chars };
}

/** The line as plain text. */
export function lineText(line: OcrLine): string {
  return line.chars.map((c) => c.ch).join('');
}

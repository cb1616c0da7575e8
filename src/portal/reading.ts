// Reading the platform's own words: period options and the per-row result lines of 存檔.
import { foldText } from '../invoice/normalize-text.ts';
import { parsePeriod, samePeriod, type Period } from '../invoice/period.ts';
import type { InvoiceRange } from '../invoice/range.ts';

// A period written with its years and months (`115/09~115/10`, `115/9-115/10`, `115年9-10月`), whatever surrounds it.
const PERIOD_IN_TEXT = /\d{2,4}\s*[/年.]\s*\d{1,2}\s*(?:月)?\s*[~〜\-–至到]\s*(?:\d{2,4}\s*[/年.]\s*)?\d{1,2}\s*(?:月|期)?|\d{5,6}/g;

/** The period an option names, read with the owner-text period parser; extra words around it do not matter. */
export function periodOfOption(text: string): Period | null {
  const folded = foldText(text);
  const whole = parsePeriod(folded);
  if (whole) return whole;
  for (const match of folded.matchAll(PERIOD_IN_TEXT)) {
    const period = parsePeriod(match[0]);
    if (period) return period;
  }
  return null;
}

/** Index of the option naming this period, or -1. */
export function optionForPeriod(texts: readonly string[], period: Period): number {
  return texts.findIndex((text) => {
    const read = periodOfOption(text);
    return read !== null && samePeriod(read, period);
  });
}

/** The line among `lines` that names this range (track, start and end), if any. */
export function lineAbout(lines: readonly string[], range: InvoiceRange): string | undefined {
  const start = String(range.start).padStart(8, '0');
  const end = String(range.end).padStart(8, '0');
  return lines.find((line) => {
    const folded = foldText(line).toUpperCase();
    const numbers: string[] = folded.match(/\d{8}/g) ?? [];
    return folded.includes(range.track) && numbers.includes(start) && numbers.includes(end);
  });
}

/** Splits message texts into their lines. */
export function linesOf(texts: readonly string[]): string[] {
  return texts.flatMap((text) => text.split('\n')).map((line) => line.trim()).filter((line) => line !== '');
}

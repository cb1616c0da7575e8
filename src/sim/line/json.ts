// Narrowing helpers for request bodies, which arrive as unknown JSON.
import type { Problems } from './errors.ts';

export type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): JsonRecord {
  return isRecord(value) ? value : {};
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A required string no longer than `max` UTF-16 units (LINE counts text that way). */
export function checkText(value: unknown, property: string, max: number, problems: Problems): void {
  if (value === undefined || value === null) {
    problems.push({ property, message: 'must be specified' });
  } else if (typeof value !== 'string') {
    problems.push({ property, message: 'must be a string' });
  } else if (value.length === 0) {
    problems.push({ property, message: 'May not be empty' });
  } else if (value.length > max) {
    problems.push({ property, message: `Length must be between 0 and ${max}` });
  }
}

/** An optional string: checked only when present. */
export function checkOptionalText(value: unknown, property: string, max: number, problems: Problems): void {
  if (value !== undefined) checkText(value, property, max, problems);
}

const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** User-perceived characters: a flag, a skin-toned or ZWJ emoji counts once. */
export function graphemeCount(text: string): number {
  let count = 0;
  for (const _ of GRAPHEMES.segment(text)) count += 1;
  return count;
}

/**
 * A required string no longer than `max` grapheme clusters. LINE counts action labels, postback
 * displayText, message-action text and template titles and texts this way, everything else in UTF-16
 * units (developers.line.biz/en/docs/messaging-api/text-character-count/).
 */
export function checkGraphemeText(value: unknown, property: string, max: number, problems: Problems): void {
  if (typeof value === 'string' && value.length > max && graphemeCount(value) <= max) return;
  checkText(value, property, max, problems);
}

export function checkOptionalGraphemeText(value: unknown, property: string, max: number, problems: Problems): void {
  if (value !== undefined) checkGraphemeText(value, property, max, problems);
}

/** An array whose length must lie in [min, max]; returns its items when it is an array at all. */
export function checkArray(
  value: unknown,
  property: string,
  min: number,
  max: number,
  problems: Problems,
): readonly unknown[] {
  if (!Array.isArray(value)) {
    problems.push({ property, message: 'must be specified' });
    return [];
  }
  if (value.length < min || value.length > max) {
    problems.push({ property, message: `Size must be between ${min} and ${max}` });
  }
  return value;
}

export function checkRecord(value: unknown, property: string, problems: Problems): JsonRecord | undefined {
  if (isRecord(value)) return value;
  problems.push({ property, message: 'must be specified' });
  return undefined;
}

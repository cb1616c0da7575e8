// Shared bits for the invoice tests: generators and text transforms owners' phones apply.
import fc from 'fast-check';
import type { Period, StartMonth } from '../../src/invoice/period.ts';

export const START_MONTHS: readonly StartMonth[] = [1, 3, 5, 7, 9, 11];

/** Periods of the years this product will plausibly live through (ROC 100–199 = 2011–2110). */
// fc.record builds null-prototype objects; rebuild plain ones so deepStrictEqual compares like with like.
export const periodArb: fc.Arbitrary<Period> = fc
  .tuple(fc.integer({ min: 100, max: 199 }), fc.constantFrom(...START_MONTHS))
  .map(([rocYear, startMonth]) => ({ rocYear, startMonth }));

/** ASCII letters, digits and punctuation → their full-width forms, as Chinese IMEs type them. */
export function toFullWidth(text: string): string {
  return text.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
}

export function taipei(iso: string): Date {
  return new Date(`${iso}+08:00`);
}

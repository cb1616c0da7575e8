import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { leftOutReasonText } from '../../src/invoice/messages.ts';
import { parseRanges } from '../../src/invoice/parse-ranges.ts';
import { formatRange, rangesOverlap } from '../../src/invoice/range.ts';
import { blankRangesOf, issuedRangesOf, posScreenSpecArb, renderPosScreen, screenStyleArb } from './pos-screens.ts';

const LEFT_OUT_REASONS = new Set(Object.keys(leftOutReasonText));

const screenArb = fc.record({ spec: posScreenSpecArb, style: screenStyleArb });

function describe(text: string, ranges: readonly { track: string; start: number; end: number }[]): string {
  return `\n--- screen ---\n${text}\n--- read ---\n${ranges.map(formatRange).join('\n')}`;
}

test('a generated POS screen reads back exactly its blank ranges', () => {
  fc.assert(
    fc.property(screenArb, ({ spec, style }) => {
      const text = renderPosScreen(spec, style);
      const result = parseRanges(text);
      const blank = blankRangesOf(spec);
      if (blank.length > 0) assert.deepEqual(result.problems, [], describe(text, result.ranges));
      assert.deepEqual(result.ranges, blank, describe(text, result.ranges));
    }),
    { numRuns: 3000 },
  );
});

test('no used or issued number is ever inside a returned range', () => {
  fc.assert(
    fc.property(screenArb, ({ spec, style }) => {
      const text = renderPosScreen(spec, style);
      const result = parseRanges(text);
      for (const issued of issuedRangesOf(spec)) {
        for (const range of result.ranges) assert.ok(!rangesOverlap(issued, range), `${formatRange(issued)} in ${formatRange(range)}${describe(text, result.ranges)}`);
      }
    }),
    { numRuns: 2000 },
  );
});

test('everything left out is quoted from the screen and has a reason', () => {
  fc.assert(
    fc.property(screenArb, ({ spec, style }) => {
      const text = renderPosScreen(spec, style);
      const result = parseRanges(text);
      for (const part of result.leftOut) {
        assert.ok(part.text.length > 0 && text.includes(part.text), `"${part.text}" is quoted as written`);
        assert.ok(LEFT_OUT_REASONS.has(part.reason), part.reason);
        assert.match(part.message, /^已略過：/);
        assert.ok(part.message.includes(leftOutReasonText[part.reason]), part.message);
      }
    }),
    { numRuns: 1000 },
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatNumber } from '../../src/invoice/invoice-number.ts';
import { parseRanges } from '../../src/invoice/parse-ranges.ts';
import type { RangeParseResult } from '../../src/invoice/parse-ranges.ts';
import { formatRange, isValidRange, rangesOverlap, sortRanges, totalCount } from '../../src/invoice/range.ts';
import type { InvoiceRange } from '../../src/invoice/range.ts';
import { toFullWidth } from './helpers.ts';

// ---- generators ----

const trackArb = fc
  .tuple(fc.integer({ min: 65, max: 90 }), fc.integer({ min: 65, max: 90 }))
  .map(([a, b]) => String.fromCharCode(a, b));

const rangeArb: fc.Arbitrary<InvoiceRange> = fc
  .record({
    track: trackArb,
    start: fc.integer({ min: 0, max: 99_999_999 }),
    length: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 20_000 })),
  })
  .map(({ track, start, length }) => ({ track, start, end: Math.min(99_999_999, start + length) }));

/**
 * Ranges as one submission could hold them: none overlapping, and none ending right before another starts
 * (that one may be the issued part of the other's booklet: see the before-blank rule in parse-pos-screens.test.ts).
 */
const submissionArb = fc.array(rangeArb, { minLength: 1, maxLength: 6 }).map((ranges) =>
  ranges.reduce<InvoiceRange[]>((kept, r) => (kept.some((k) => rangesOverlap(k, r) || touching(k, r)) ? kept : [...kept, r]), []),
);

function touching(a: InvoiceRange, b: InvoiceRange): boolean {
  return a.track === b.track && (a.end + 1 === b.start || b.end + 1 === a.start);
}

const DASHES = ['-', '–', '—', '－', '‐', '~', '～', '〜', '至', '到'];
const SEPARATORS = ['\n', '\r\n', ',', '，', '、', ';', '；', ' ', '  ', '\n\n', '，\n'];

interface Style {
  readonly dash: string;
  readonly spaced: boolean;
  readonly repeatTrack: boolean;
  readonly lowerCase: boolean;
  readonly fullWidth: boolean;
  readonly singleAsRange: boolean;
  readonly label: '' | '未使用發票：' | '起 ' | '空白發票 ';
  readonly suffix: '' | '號' | ' 號';
  readonly wordTo: boolean;
}

const styleArb: fc.Arbitrary<Style> = fc.record({
  dash: fc.constantFrom(...DASHES),
  spaced: fc.boolean(),
  repeatTrack: fc.boolean(),
  lowerCase: fc.boolean(),
  fullWidth: fc.boolean(),
  singleAsRange: fc.boolean(),
  label: fc.constantFrom('' as const, '未使用發票：' as const, '起 ' as const, '空白發票 ' as const),
  suffix: fc.constantFrom('' as const, '號' as const, ' 號' as const),
  wordTo: fc.boolean(),
});

function render(range: InvoiceRange, style: Style): string {
  const track = style.lowerCase ? range.track.toLowerCase() : range.track;
  const start = `${track}${formatNumber(range.start)}`;
  let body = start;
  if (range.start !== range.end || style.singleAsRange) {
    // "to" needs spaces around it, or it would merge with the letters of a repeated track.
    const dash = style.wordTo ? ' to ' : style.spaced ? ` ${style.dash} ` : style.dash;
    body = `${start}${dash}${style.repeatTrack ? track : ''}${formatNumber(range.end)}`;
  }
  const text = `${style.label}${body}${style.suffix}`;
  return style.fullWidth ? toFullWidth(text) : text;
}

const typedSubmissionArb = submissionArb.chain((ranges) =>
  fc.record({
    ranges: fc.constant(ranges),
    styles: fc.array(styleArb, { minLength: ranges.length, maxLength: ranges.length }),
    separators: fc.array(fc.constantFrom(...SEPARATORS), { minLength: ranges.length, maxLength: ranges.length }),
  }),
);

function typed({ ranges, styles, separators }: { ranges: InvoiceRange[]; styles: Style[]; separators: string[] }): string {
  return ranges.map((r, i) => `${render(r, styles[i] as Style)}${separators[i] ?? ''}`).join('');
}

// Valid text with small damage: what a thumb on a phone produces.
const NOISE_CHARS = ['-', '~', ' ', '\n', ',', 'M', 'm', '0', '9', '１', '至', '號', '：', '～', 'X', 'TO', 'to'];
const nearValidArb = fc
  .tuple(
    typedSubmissionArb.map(typed),
    fc.array(
      fc.record({
        at: fc.nat(),
        cut: fc.integer({ min: 0, max: 2 }),
        insert: fc.constantFrom('', ...NOISE_CHARS),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([text, edits]) =>
    edits.reduce((t, { at, cut, insert }) => {
      const i = t.length === 0 ? 0 : at % (t.length + 1);
      return t.slice(0, i) + insert + t.slice(i + cut);
    }, text),
  );

// ---- invariants every result must keep ----

function assertWellFormed(text: string, result: RangeParseResult): void {
  for (const problem of result.problems) {
    assert.ok(problem.message.trim().length > 0, 'every problem explains itself');
    assert.ok(text.includes(problem.piece), `piece "${problem.piece}" is quoted as typed`);
  }
  assert.ok(result.ranges.length > 0 || result.problems.length > 0, 'the owner always hears something');
  assert.ok(result.ranges.every(isValidRange));
  assert.deepEqual(result.ranges, sortRanges(result.ranges));
  result.ranges.forEach((a, i) => result.ranges.slice(i + 1).forEach((b) => assert.ok(!rangesOverlap(a, b))));
  assert.equal(result.total, totalCount(result.ranges));
  for (const warning of result.warnings) {
    assert.ok(warning.message.length > 0);
    assert.ok(result.ranges.includes(warning.range));
  }
}

// ---- properties ----

test('whatever way the ranges are typed, they read back exactly', () => {
  fc.assert(
    fc.property(typedSubmissionArb, (submission) => {
      const text = typed(submission);
      const result = parseRanges(text);
      assert.deepEqual(result.problems, [], text);
      assert.deepEqual(result.ranges, sortRanges(submission.ranges), text);
    }),
    { numRuns: 1500 },
  );
});

test('formatRange output reads back as the same range', () => {
  fc.assert(
    fc.property(submissionArb, fc.constantFrom(...SEPARATORS), (ranges, sep) => {
      const result = parseRanges(ranges.map(formatRange).join(sep));
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.ranges, sortRanges(ranges));
    }),
    { numRuns: 500 },
  );
});

test('no input crashes the parser, and every rejection says why (arbitrary text)', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (text) => {
      assertWellFormed(text, parseRanges(text));
    }),
    { numRuns: 3000 },
  );
});

test('no input crashes the parser, and every rejection says why (nearly valid text)', () => {
  fc.assert(
    fc.property(nearValidArb, (text) => {
      assertWellFormed(text, parseRanges(text));
    }),
    { numRuns: 3000 },
  );
});

test('a repeated piece is always reported as a duplicate', () => {
  fc.assert(
    fc.property(rangeArb, styleArb, styleArb, (range, a, b) => {
      const result = parseRanges(`${render(range, a)}\n${render(range, b)}`);
      assert.deepEqual(result.ranges, [range]);
      assert.deepEqual(result.problems.map((p) => p.kind), ['duplicate']);
    }),
    { numRuns: 500 },
  );
});

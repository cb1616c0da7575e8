import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  endsOnBookletBoundary,
  formatInvoiceNumber,
  formatNumber,
  isTrack,
} from '../../src/invoice/invoice-number.ts';
import {
  formatRange,
  groupByTrack,
  isValidRange,
  rangeCount,
  rangesOverlap,
  sortRanges,
  totalCount,
} from '../../src/invoice/range.ts';

const seed = { track: 'MM', start: 16937074, end: 16946899 };

test('numbers are shown with eight digits', () => {
  assert.equal(formatNumber(50), '00000050');
  assert.equal(formatNumber(0), '00000000');
  assert.equal(formatNumber(99_999_999), '99999999');
  assert.equal(formatInvoiceNumber('MM', 16937074), 'MM16937074');
});

test('tracks are two capital letters', () => {
  assert.ok(isTrack('MM'));
  assert.ok(!isTrack('mm'));
  assert.ok(!isTrack('M'));
  assert.ok(!isTrack('MMM'));
  assert.ok(!isTrack('M1'));
});

test('booklets end at …49 or …99', () => {
  assert.ok(endsOnBookletBoundary(16946899));
  assert.ok(endsOnBookletBoundary(16946849));
  assert.ok(endsOnBookletBoundary(49));
  assert.ok(!endsOnBookletBoundary(16946898));
  assert.ok(!endsOnBookletBoundary(16946850));
  assert.ok(!endsOnBookletBoundary(16946900));
  assert.ok(!endsOnBookletBoundary(16946948));
});

test('formatRange: the seed example, a single number, leading zeros', () => {
  assert.equal(formatRange(seed), 'MM16937074–16946899');
  assert.equal(formatRange({ track: 'AB', start: 50, end: 50 }), 'AB00000050');
  assert.equal(formatRange({ track: 'AB', start: 0, end: 49 }), 'AB00000000–00000049');
});

test('counts include both ends', () => {
  assert.equal(rangeCount(seed), 9826);
  assert.equal(rangeCount({ track: 'AB', start: 7, end: 7 }), 1);
  assert.equal(totalCount([seed, { track: 'AB', start: 0, end: 49 }]), 9876);
  assert.equal(totalCount([]), 0);
});

test('ranges overlap only on the same track and when they share a number', () => {
  const a = { track: 'MM', start: 100, end: 149 };
  assert.ok(rangesOverlap(a, { track: 'MM', start: 149, end: 199 }));
  assert.ok(rangesOverlap(a, { track: 'MM', start: 120, end: 130 }));
  assert.ok(rangesOverlap(a, a));
  assert.ok(!rangesOverlap(a, { track: 'MM', start: 150, end: 199 }));
  assert.ok(!rangesOverlap(a, { track: 'MN', start: 100, end: 149 }));
});

test('valid ranges: a track, numbers in 0..99999999, start ≤ end', () => {
  assert.ok(isValidRange(seed));
  assert.ok(!isValidRange({ track: 'MM', start: 5, end: 4 }));
  assert.ok(!isValidRange({ track: 'mm', start: 1, end: 4 }));
  assert.ok(!isValidRange({ track: 'MM', start: 1, end: 100_000_000 }));
  assert.ok(!isValidRange({ track: 'MM', start: 1.5, end: 4 }));
});

test('sorting and grouping by track', () => {
  const ranges = [
    { track: 'MN', start: 300, end: 349 },
    { track: 'AB', start: 200, end: 249 },
    { track: 'MN', start: 100, end: 149 },
  ];
  assert.deepEqual(sortRanges(ranges).map(formatRange), ['AB00000200–00000249', 'MN00000100–00000149', 'MN00000300–00000349']);
  assert.deepEqual(groupByTrack(ranges), [
    { track: 'AB', ranges: [{ track: 'AB', start: 200, end: 249 }], count: 50 },
    { track: 'MN', ranges: [{ track: 'MN', start: 100, end: 149 }, { track: 'MN', start: 300, end: 349 }], count: 100 },
  ]);
  assert.deepEqual(groupByTrack([]), []);
  assert.equal(ranges[0]?.track, 'MN', 'sorting does not reorder the input');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  formatOwnerLabel,
  formatPortalLabel,
  formatShortLabel,
  makePeriod,
  nextPeriod,
  parsePeriod,
  periodKey,
  periodStart,
  rocToGregorian,
  yearMonthCode,
} from '../../src/invoice/period.ts';
import type { Period } from '../../src/invoice/period.ts';
import { periodArb, taipei, toFullWidth } from './helpers.ts';

const sepOct115 = makePeriod(115, 9);
const inNov2026 = taipei('2026-11-15T12:00:00');

test('reads every written form of 115年9-10月', () => {
  const forms = [
    '115/09~115/10',
    '115/9~115/10',
    '115/09-115/10',
    '11510',
    '115年9-10月',
    '115年09-10期',
    '115年9~10月',
    '115年9至10月',
    '115年9、10月',
    '115 9-10',
    '115 年 9 - 10 月',
    '民國115年9-10月份',
    '字軌期別：115/09~115/10',
    '１１５年９－１０月',
    '１１５／０９～１１５／１０',
    '115年9〜10月',
    '115年9–10月',
    '2026/09-10',
    '2026年9-10月',
    '西元2026年9-10月',
    '202610',
    '115年九十月',
    '115年九、十月',
    '  115/09 ~ 115/10  ',
  ];
  for (const form of forms) assert.deepEqual(parsePeriod(form), sepOct115, form);
});

test('the MIG code may name either month of the period', () => {
  assert.deepEqual(parsePeriod('11509'), sepOct115);
  assert.deepEqual(parsePeriod('11509~11510'), sepOct115);
  assert.deepEqual(parsePeriod('11601'), makePeriod(116, 1));
  assert.equal(parsePeriod('11513'), null);
  assert.equal(parsePeriod('11500'), null);
  assert.equal(parsePeriod('11510~11511'), null);
});

test('month pairs must be one bi-monthly period', () => {
  for (const text of ['115年10-11月', '115年9-11月', '115/10~115/11', '115年12-1月', '115年9-9月', '10-11月', '115年13-14月', '115年0-1月']) {
    assert.equal(parsePeriod(text, inNov2026), null, text);
  }
});

test('a single month or mismatched years is not a period', () => {
  assert.equal(parsePeriod('115年10月'), null);
  assert.equal(parsePeriod('115/09~116/10'), null);
  assert.equal(parsePeriod('1900年9-10月'), null);
});

test('text that is not a period is refused', () => {
  for (const text of ['', '   ', 'MM16937074-16946899', '九月', 'hello 115年9-10月', '115年9-10月abc', '115.9.10.11', '9', '我要報']) {
    assert.equal(parsePeriod(text, inNov2026), null, text);
  }
});

test('without a year: the latest such period that has started by the reference', () => {
  assert.deepEqual(parsePeriod('9-10月', inNov2026), sepOct115);
  assert.deepEqual(parsePeriod('九十月', inNov2026), sepOct115);
  assert.deepEqual(parsePeriod('09-10', inNov2026), sepOct115);
  assert.deepEqual(parsePeriod('11-12', inNov2026), makePeriod(115, 11));
  assert.deepEqual(parsePeriod('十一、十二月', inNov2026), makePeriod(115, 11));
  assert.deepEqual(parsePeriod('1-2月', inNov2026), makePeriod(115, 1));
  assert.deepEqual(parsePeriod('11-12', taipei('2027-01-05T09:00:00')), makePeriod(115, 11));
  assert.deepEqual(parsePeriod('1-2月', taipei('2027-01-01T00:00:00')), makePeriod(116, 1));
  assert.deepEqual(parsePeriod('1-2月', taipei('2026-12-31T23:59:59')), makePeriod(115, 1));
});

test('without a year and without a reference there is no answer', () => {
  assert.equal(parsePeriod('9-10月'), null);
});

// ---- properties ----

function spacedOut(text: string, gaps: readonly boolean[]): string {
  return Array.from(text, (ch, i) => (gaps[i] === true ? ` ${ch}` : ch)).join('');
}

const labelOf: ReadonlyArray<(p: Period) => string> = [
  formatPortalLabel,
  formatOwnerLabel,
  yearMonthCode,
  periodKey,
  (p) => `${p.rocYear}年${String(p.startMonth).padStart(2, '0')}-${String(p.startMonth + 1).padStart(2, '0')}期`,
  (p) => `${p.rocYear} ${p.startMonth}-${p.startMonth + 1}`,
  (p) => `${p.rocYear}年${p.startMonth}~${p.startMonth + 1}月`,
  (p) => `${rocToGregorian(p.rocYear)}/${String(p.startMonth).padStart(2, '0')}-${String(p.startMonth + 1).padStart(2, '0')}`,
  (p) => `${rocToGregorian(p.rocYear)}年${p.startMonth}-${p.startMonth + 1}月`,
];

test('every label format reads back as the same period, also full-width', () => {
  fc.assert(
    fc.property(periodArb, fc.constantFrom(...labelOf), fc.boolean(), (p, label, fullWidth) => {
      const text = fullWidth ? toFullWidth(label(p)) : label(p);
      assert.deepEqual(parsePeriod(text), p, text);
    }),
    { numRuns: 1000 },
  );
});

test('spaces anywhere outside a number do not matter', () => {
  fc.assert(
    fc.property(periodArb, fc.array(fc.boolean(), { maxLength: 20 }), (p, gaps) => {
      // A space inside a number would split it; put spaces only before non-digits.
      const label = formatPortalLabel(p);
      const safeGaps = Array.from(label, (ch, i) => gaps[i] === true && !/\d/.test(ch));
      assert.deepEqual(parsePeriod(spacedOut(label, safeGaps)), p);
    }),
  );
});

test('a short label reads back as the period for any reference within a year of its start', () => {
  const sameMonthNextYear = (p: Period): Period => nextPeriod(nextPeriod(nextPeriod(nextPeriod(nextPeriod(nextPeriod(p))))));
  fc.assert(
    fc.property(periodArb, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (p, fraction) => {
      const from = periodStart(p).getTime();
      const until = periodStart(sameMonthNextYear(p)).getTime();
      const reference = new Date(from + Math.floor(fraction * (until - from)));
      assert.deepEqual(parsePeriod(formatShortLabel(p), reference), p);
    }),
    { numRuns: 1000 },
  );
});

test('parsePeriod never throws', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
      parsePeriod(text, inNov2026);
    }),
    { numRuns: 2000 },
  );
});

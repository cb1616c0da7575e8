import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  comparePeriods,
  daysLeft,
  deadlineOf,
  formatDeadlineLabel,
  formatOwnerLabel,
  formatPortalLabel,
  formatShortLabel,
  gregorianToRoc,
  isLate,
  justEndedPeriod,
  makePeriod,
  nextPeriod,
  periodContaining,
  periodContains,
  periodFromKey,
  periodKey,
  periodOfMonth,
  periodStart,
  previousPeriod,
  rocToGregorian,
  samePeriod,
  tryMakePeriod,
  uploadWindowOpens,
  yearMonthCode,
} from '../../src/invoice/period.ts';
import { formatTaipei, taipeiDate } from '../../src/invoice/taipei-time.ts';
import { periodArb, taipei } from './helpers.ts';

const sepOct115 = makePeriod(115, 9);
const novDec115 = makePeriod(115, 11);

test('ROC years are Gregorian years minus 1911', () => {
  assert.equal(gregorianToRoc(2026), 115);
  assert.equal(rocToGregorian(115), 2026);
});

test('labels: portal, owner, short, MIG YearMonth and key', () => {
  assert.equal(formatPortalLabel(sepOct115), '115/09~115/10');
  assert.equal(formatPortalLabel(makePeriod(105, 11)), '105/11~105/12');
  assert.equal(formatOwnerLabel(sepOct115), '115年9-10月');
  assert.equal(formatShortLabel(sepOct115), '9-10月');
  assert.equal(yearMonthCode(sepOct115), '11510');
  assert.equal(yearMonthCode(makePeriod(116, 1)), '11602');
  assert.equal(periodKey(sepOct115), '11510');
  assert.equal(formatDeadlineLabel(sepOct115), '11/10');
  assert.equal(formatDeadlineLabel(novDec115), '1/10');
});

test('periodFromKey reads only even-month five-digit keys', () => {
  assert.deepEqual(periodFromKey('11510'), sepOct115);
  assert.deepEqual(periodFromKey('11512'), novDec115);
  assert.equal(periodFromKey('11509'), null);
  assert.equal(periodFromKey('11514'), null);
  assert.equal(periodFromKey('11500'), null);
  assert.equal(periodFromKey('1151'), null);
  assert.equal(periodFromKey('115100'), null);
  assert.equal(periodFromKey('abcde'), null);
});

test('only odd months start a period', () => {
  assert.equal(tryMakePeriod(115, 10), null);
  assert.equal(tryMakePeriod(115, 13), null);
  assert.equal(tryMakePeriod(0, 1), null);
  assert.equal(tryMakePeriod(1000, 1), null);
  assert.equal(tryMakePeriod(115.5, 1), null);
  assert.throws(() => makePeriod(115, 2), RangeError);
  assert.deepEqual(periodOfMonth(115, 10), sepOct115);
  assert.deepEqual(periodOfMonth(115, 9), sepOct115);
});

test('next and previous wrap around the year', () => {
  assert.deepEqual(nextPeriod(novDec115), makePeriod(116, 1));
  assert.deepEqual(previousPeriod(makePeriod(116, 1)), novDec115);
  assert.deepEqual(nextPeriod(sepOct115), novDec115);
  assert.ok(comparePeriods(novDec115, makePeriod(116, 1)) < 0);
  assert.ok(comparePeriods(makePeriod(116, 1), novDec115) > 0);
  assert.ok(samePeriod(makePeriod(115, 9), sepOct115));
});

test('New Year in Taipei is the next period while UTC is still on Dec 31', () => {
  const lastMomentOf2026 = new Date('2026-12-31T15:59:59.999Z');
  const newYearTaipei = new Date('2026-12-31T16:00:00.000Z');
  assert.deepEqual(periodContaining(lastMomentOf2026), novDec115);
  assert.deepEqual(periodContaining(newYearTaipei), makePeriod(116, 1));
  assert.deepEqual(justEndedPeriod(newYearTaipei), novDec115);
  assert.deepEqual(justEndedPeriod(taipei('2026-11-05T10:00:00')), sepOct115);
});

test('periods start at 00:00 Taipei on the 1st and the upload window opens the month after', () => {
  assert.equal(periodStart(sepOct115).toISOString(), '2026-08-31T16:00:00.000Z');
  assert.equal(uploadWindowOpens(sepOct115).toISOString(), '2026-10-31T16:00:00.000Z');
  assert.equal(uploadWindowOpens(novDec115).toISOString(), '2026-12-31T16:00:00.000Z');
});

test('deadline: the 10th of the month after, 23:59:59.999 Taipei; 11–12 is due in January of the next year', () => {
  assert.equal(deadlineOf(sepOct115).toISOString(), '2026-11-10T15:59:59.999Z');
  assert.equal(deadlineOf(novDec115).toISOString(), '2027-01-10T15:59:59.999Z');
  assert.equal(formatTaipei(deadlineOf(novDec115), 'YYYY-MM-DD HH:mm:ss.SSS'), '2027-01-10 23:59:59.999');
});

test('daysLeft and isLate around the last moment', () => {
  const cases: ReadonlyArray<readonly [string, number, boolean]> = [
    ['2026-10-31T23:59:59', 10, false],
    ['2026-11-01T00:00:00', 9, false],
    ['2026-11-09T12:00:00', 1, false],
    ['2026-11-10T00:00:00', 0, false],
    ['2026-11-10T23:59:59', 0, false],
    ['2026-11-10T23:59:59.999', 0, false],
    ['2026-11-11T00:00:00', -1, true],
    ['2026-12-25T09:00:00', -45, true],
  ];
  for (const [wallClock, days, late] of cases) {
    assert.equal(daysLeft(sepOct115, taipei(wallClock)), days, wallClock);
    assert.equal(isLate(sepOct115, taipei(wallClock)), late, wallClock);
  }
});

test('daysLeft counts Taipei days, not UTC days', () => {
  // 2026-11-09 17:00 UTC is already the 10th in Taipei.
  assert.equal(daysLeft(sepOct115, new Date('2026-11-09T17:00:00Z')), 0);
  // …and 16:00 UTC on the 10th is the 11th in Taipei: late.
  assert.equal(daysLeft(sepOct115, new Date('2026-11-10T16:00:00Z')), -1);
  assert.equal(isLate(sepOct115, new Date('2026-11-10T16:00:00Z')), true);
});

test('daysLeft across New Year for the 11–12 period', () => {
  assert.equal(daysLeft(novDec115, taipei('2026-12-31T23:00:00')), 10);
  assert.equal(daysLeft(novDec115, taipei('2027-01-01T00:00:00')), 9);
  assert.equal(daysLeft(novDec115, taipei('2027-01-10T23:59:59')), 0);
  assert.equal(isLate(novDec115, taipei('2027-01-10T23:59:59')), false);
  assert.equal(isLate(novDec115, taipei('2027-01-11T00:00:00')), true);
});

// ---- properties ----

const instant2024to2035 = fc.date({
  min: new Date('2023-12-31T16:00:00.000Z'),
  max: new Date('2035-12-31T15:59:59.999Z'),
  noInvalidDate: true,
});

test('every instant 2024–2035 lies in exactly one period, which contains it', () => {
  fc.assert(
    fc.property(instant2024to2035, (instant) => {
      const p = periodContaining(instant);
      assert.ok(periodContains(p, instant));
      assert.ok(!periodContains(previousPeriod(p), instant));
      assert.ok(!periodContains(nextPeriod(p), instant));
      const { year, month } = taipeiDate(instant);
      assert.equal(p.rocYear, year - 1911);
      assert.ok(month === p.startMonth || month === p.startMonth + 1);
    }),
    { numRuns: 2000 },
  );
});

test("a period's deadline is the 10th of an odd month, 23:59:59.999 Taipei, right after the period", () => {
  fc.assert(
    fc.property(instant2024to2035, (instant) => {
      const p = periodContaining(instant);
      const deadline = deadlineOf(p);
      const { year, month, day } = taipeiDate(deadline);
      assert.equal(day, 10);
      assert.equal(month % 2, 1);
      assert.equal(formatTaipei(deadline, 'HH:mm:ss.SSS'), '23:59:59.999');
      assert.ok(deadline.getTime() > instant.getTime());
      // Ten days after the window opens, less one millisecond.
      assert.equal(deadline.getTime() - uploadWindowOpens(p).getTime(), 10 * 86_400_000 - 1);
      assert.deepEqual(periodContaining(deadline), nextPeriod(p));
      assert.equal(year, rocToGregorian(nextPeriod(p).rocYear));
    }),
    { numRuns: 2000 },
  );
});

test('daysLeft falls by one each Taipei day and is 0 exactly on the deadline day', () => {
  fc.assert(
    fc.property(instant2024to2035, (instant) => {
      const p = justEndedPeriod(instant);
      const left = daysLeft(p, instant);
      assert.equal(daysLeft(p, new Date(instant.getTime() + 86_400_000)), left - 1);
      assert.equal(isLate(p, instant), left < 0);
    }),
    { numRuns: 1000 },
  );
});

test('next and previous are inverse; keys sort like periods', () => {
  fc.assert(
    fc.property(periodArb, periodArb, (a, b) => {
      assert.deepEqual(previousPeriod(nextPeriod(a)), a);
      assert.deepEqual(nextPeriod(previousPeriod(a)), a);
      assert.deepEqual(periodFromKey(periodKey(a)), a);
      const byKey = periodKey(a) < periodKey(b) ? -1 : periodKey(a) > periodKey(b) ? 1 : 0;
      assert.equal(Math.sign(comparePeriods(a, b)), byKey);
    }),
  );
});

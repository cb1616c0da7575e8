import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  calendarDaysBetween,
  formatTaipei,
  taipeiDate,
  taipeiInstant,
  toTaipei,
  TAIPEI,
} from '../../src/invoice/taipei-time.ts';

test('Taipei is UTC+8: 16:00 UTC on Dec 31 is already New Year in Taipei', () => {
  const instant = new Date('2026-12-31T16:00:00.000Z');
  assert.equal(TAIPEI, 'Asia/Taipei');
  assert.equal(formatTaipei(instant, 'YYYY-MM-DD HH:mm'), '2027-01-01 00:00');
  assert.deepEqual(taipeiDate(instant), { year: 2027, month: 1, day: 1 });
  assert.equal(toTaipei(instant).hour(), 0);
});

test('taipeiInstant builds the UTC instant of a Taipei wall-clock time, milliseconds included', () => {
  assert.equal(taipeiInstant(2027, 1, 10, 23, 59, 59, 999).toISOString(), '2027-01-10T15:59:59.999Z');
  assert.equal(taipeiInstant(2026, 11, 1).toISOString(), '2026-10-31T16:00:00.000Z');
});

test('calendarDaysBetween counts whole calendar days, across months and years', () => {
  assert.equal(calendarDaysBetween({ year: 2026, month: 12, day: 31 }, { year: 2027, month: 1, day: 10 }), 10);
  assert.equal(calendarDaysBetween({ year: 2027, month: 1, day: 11 }, { year: 2027, month: 1, day: 10 }), -1);
  assert.equal(calendarDaysBetween({ year: 2028, month: 2, day: 28 }, { year: 2028, month: 3, day: 1 }), 2);
});

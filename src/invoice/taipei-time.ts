// The one place dayjs is configured: every owner-facing date is a Taipei calendar date,
// while instants travel through the system as plain UTC `Date`s.
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TAIPEI = 'Asia/Taipei';

export interface CalendarDate {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
}

export function toTaipei(date: Date): Dayjs {
  return dayjs(date).tz(TAIPEI);
}

export function formatTaipei(date: Date, fmt: string): string {
  return toTaipei(date).format(fmt);
}

/** The Taipei wall-clock date of an instant. */
export function taipeiDate(date: Date): CalendarDate {
  const t = toTaipei(date);
  return { year: t.year(), month: t.month() + 1, day: t.date() };
}

/** The instant at which Taipei wall clocks show the given date and time. */
export function taipeiInstant(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): Date {
  const wall =
    `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` +
    `T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(millisecond, 3)}`;
  return dayjs.tz(wall, TAIPEI).toDate();
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function calendarDaysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to) - dayNumber(from);
}

// Day count on the proleptic Gregorian calendar; UTC is used only because it has no DST.
function dayNumber(d: CalendarDate): number {
  return Math.round(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

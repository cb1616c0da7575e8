// A run of consecutive invoice numbers on one track: what the owner reports as blank.
import { formatInvoiceNumber, formatNumber, isInvoiceNumber, isTrack } from './invoice-number.ts';

export interface InvoiceRange {
  readonly track: string;
  readonly start: number;
  readonly end: number;
}

export interface TrackGroup {
  readonly track: string;
  /** Sorted by start. */
  readonly ranges: readonly InvoiceRange[];
  readonly count: number;
}

export function isValidRange(r: InvoiceRange): boolean {
  return isTrack(r.track) && isInvoiceNumber(r.start) && isInvoiceNumber(r.end) && r.start <= r.end;
}

/**
 * `MM16937074–16946899`, or just `MM16937074` for a single number. The en dash reads well in LINE,
 * and the track is not repeated because a range never changes track.
 */
export function formatRange(r: InvoiceRange): string {
  const start = formatInvoiceNumber(r.track, r.start);
  return r.start === r.end ? start : `${start}–${formatNumber(r.end)}`;
}

export function rangeCount(r: InvoiceRange): number {
  return r.end - r.start + 1;
}

export function totalCount(ranges: readonly InvoiceRange[]): number {
  return ranges.reduce((sum, r) => sum + rangeCount(r), 0);
}

export function sameRange(a: InvoiceRange, b: InvoiceRange): boolean {
  return a.track === b.track && a.start === b.start && a.end === b.end;
}

export function rangesOverlap(a: InvoiceRange, b: InvoiceRange): boolean {
  return a.track === b.track && a.start <= b.end && b.start <= a.end;
}

/** By track, then start, then end: the order the platform lists them in. */
export function compareRanges(a: InvoiceRange, b: InvoiceRange): number {
  if (a.track !== b.track) return a.track < b.track ? -1 : 1;
  return a.start !== b.start ? a.start - b.start : a.end - b.end;
}

export function sortRanges(ranges: readonly InvoiceRange[]): InvoiceRange[] {
  return [...ranges].sort(compareRanges);
}

/** One group per track, tracks in alphabetical order, ranges sorted within each. */
export function groupByTrack(ranges: readonly InvoiceRange[]): TrackGroup[] {
  const byTrack = new Map<string, InvoiceRange[]>();
  for (const range of sortRanges(ranges)) {
    const list = byTrack.get(range.track);
    if (list === undefined) byTrack.set(range.track, [range]);
    else list.push(range);
  }
  // Map keeps insertion order, and insertion followed the sort.
  return [...byTrack].map(([track, list]) => ({ track, ranges: list, count: totalCount(list) }));
}

// What a shop's POS holds this period: allocations of invoice numbers (one or more booklets of 50) on its
// machines, each used up to some number. The screens show these; the truth is read from them, never from a screen.
import { sortRanges } from '../../invoice/range.ts';
import type { InvoiceRange } from '../../invoice/range.ts';
import type { Rng } from './random.ts';

/** Numbers `start`…`end` given to one machine; `next` is the first one not yet issued (`end + 1` when all are). */
export interface Allocation {
  /** 1, 2, 3: the POS machine (1號機…) holding it. */
  readonly machine: number;
  readonly track: string;
  readonly start: number;
  readonly end: number;
  readonly next: number;
}

export interface Truth {
  /** Exactly what a perfect reader reports: sorted like sortRanges. */
  readonly blank: InvoiceRange[];
  /** Issued numbers the screen shows (on the settings form: 起始號碼 up to the one before 目前號碼): never to be reported. */
  readonly used: InvoiceRange[];
}

export function blankPart(a: Allocation): InvoiceRange | undefined {
  return a.next <= a.end ? { track: a.track, start: a.next, end: a.end } : undefined;
}

export function usedPart(a: Allocation): InvoiceRange | undefined {
  return a.next > a.start ? { track: a.track, start: a.start, end: a.next - 1 } : undefined;
}

export function truthOf(allocations: readonly Allocation[]): Truth {
  const defined = (r: InvoiceRange | undefined): r is InvoiceRange => r !== undefined;
  return {
    blank: sortRanges(allocations.map(blankPart).filter(defined)),
    used: sortRanges(allocations.map(usedPart).filter(defined)),
  };
}

export interface InventoryLimits {
  /** Some screens (the 設定發票號碼 form) have no way to show an allocation that is all used. */
  readonly allowAllUsed: boolean;
  readonly maxMachines: number;
  /**
   * Keep a booklet's gap between allocations of one track. The reader takes a range that ends right before
   * another allocation's 目前號碼 for the issued part of that booklet (blank-rules.ts rule 4), so the settings form
   * never shows two touching allocations: its truth would disagree with the reader's deliberate caution.
   */
  readonly apart: boolean;
}

// Two-letter words a lone track could be mistaken for on a screen (NO, OK, TO…) are never drawn.
const WORD_LIKE_TRACKS = new Set(['AM', 'AN', 'AS', 'AT', 'BE', 'BY', 'DO', 'GO', 'HI', 'ID', 'IF', 'IN', 'IS', 'IT', 'ME', 'MY', 'NO', 'OF', 'OK', 'ON', 'OR', 'PM', 'SO', 'TO', 'TW', 'UP', 'US', 'WE']);
const BOOKLET = 50;

/** 1–4 blank ranges, 0–3 used ones, on 1–3 tracks and 1–3 machines, never overlapping. */
export function drawInventory(rng: Rng, limits: InventoryLimits): Allocation[] {
  const blankCount = rng.weighted([[1, 4], [2, 4], [3, 2], [4, 1]] as const);
  const usedCount = rng.weighted([[0, 2], [1, 4], [2, 3], [3, 2]] as const);
  // A used range is the issued head of an allocation with a blank tail, or (where the screen can show it) a whole one.
  const usedHeads = limits.allowAllUsed ? Math.min(usedCount, blankCount, rng.int(0, usedCount)) : Math.min(usedCount, blankCount);
  const allUsed = limits.allowAllUsed ? usedCount - usedHeads : 0;
  const shapes = rng.shuffle([
    ...Array.from({ length: usedHeads }, () => 'head-used' as const),
    ...Array.from({ length: blankCount - usedHeads }, () => 'all-blank' as const),
    ...Array.from({ length: allUsed }, () => 'all-used' as const),
  ]);
  const tracks = drawTracks(rng, Math.min(rng.weighted([[1, 4], [2, 4], [3, 2]] as const), shapes.length));
  const machines = Math.min(rng.int(1, limits.maxMachines), shapes.length);
  const cursors = new Map(tracks.map((t) => [t, firstBooklet(rng)]));
  return shapes.map((shape, i) => {
    const track = i < tracks.length ? (tracks[i] as string) : rng.pick(tracks);
    const machine = i < machines ? i + 1 : rng.int(1, machines);
    const start = cursors.get(track) ?? 0;
    const allocation = drawAllocation(rng, { machine, track, start }, shape);
    // The next allocation on this track starts at a booklet after this one, sometimes leaving a gap.
    const gap = rng.weighted([[0, 3], [1, 1], [4, 1]] as const);
    cursors.set(track, Math.ceil((allocation.end + 1) / BOOKLET) * BOOKLET + BOOKLET * (limits.apart ? gap + 1 : gap));
    return allocation;
  });
}

function drawTracks(rng: Rng, count: number): string[] {
  const tracks = new Set<string>();
  while (tracks.size < count) {
    const track = String.fromCharCode(65 + rng.int(0, 25), 65 + rng.int(0, 25));
    if (!WORD_LIKE_TRACKS.has(track)) tracks.add(track);
  }
  return [...tracks];
}

// Most numbers have eight significant digits; a few start with zeros, which a reader must keep.
function firstBooklet(rng: Rng): number {
  const high = rng.chance(0.9) ? rng.int(200_000, 1_990_000) : rng.int(100, 199_999);
  return high * BOOKLET;
}

type Shape = 'head-used' | 'all-blank' | 'all-used';

function drawAllocation(rng: Rng, at: { machine: number; track: string; start: number }, shape: Shape): Allocation {
  const booklets = rng.weighted([[1, 14], [2, 4], [3, 1], [5, 1]] as const);
  // Mostly whole booklets (ending on …49 or …99); now and then a short allocation ending anywhere.
  const size = rng.chance(0.88) ? booklets * BOOKLET : rng.int(5, booklets * BOOKLET - 2);
  const end = at.start + size - 1;
  const next = shape === 'all-blank' ? at.start : shape === 'all-used' ? end + 1 : at.start + rng.int(1, size - 1);
  return { ...at, end, next };
}

// The words and number forms screens use. Every word here is one the typed-text reader knows
// (src/invoice/pos-labels.ts); the generator checks each screen against parseRanges, so a word added here
// that the reader does not understand fails loudly instead of producing a wrong truth.
import { formatNumber } from '../../../invoice/invoice-number.ts';
import type { InvoiceRange } from '../../../invoice/range.ts';
import type { Allocation } from '../inventory.ts';
import type { Rng } from '../random.ts';
import type { StoreDetails } from '../spec.ts';

export const BLANK_WORDS = ['未使用', '空白', '剩餘', '未開立'] as const;
export const USED_WORDS = ['已使用', '已開立', '已用'] as const;
const DASHES = ['-', '~', '～', ' - ', ' ~ '] as const;

/** The choices one screen sticks to: a screen never mixes two words for 未使用. */
export interface Wording {
  readonly blank: string;
  readonly used: string;
  readonly dash: string;
  /** `MM16937074-MM16937099` rather than `MM16937074-16937099`. */
  readonly repeatTrack: boolean;
}

export function drawWording(rng: Rng): Wording {
  return { blank: rng.pick(BLANK_WORDS), used: rng.pick(USED_WORDS), dash: rng.pick(DASHES), repeatTrack: rng.chance(0.25) };
}

export function rangeText(range: InvoiceRange, wording: Wording): string {
  const start = `${range.track}${formatNumber(range.start)}`;
  if (range.start === range.end) return start;
  return `${start}${wording.dash}${wording.repeatTrack ? range.track : ''}${formatNumber(range.end)}`;
}

export function periodText(store: StoreDetails): string {
  const month = (m: number) => String(m).padStart(2, '0');
  return `${store.rocYear}年${month(store.periodMonth)}-${month(store.periodMonth + 1)}月`;
}

/** Machines in order, each with its allocations in the order the spec lists them. */
export function byMachine(allocations: readonly Allocation[]): { machine: number; allocations: Allocation[] }[] {
  const machines = [...new Set(allocations.map((a) => a.machine))].sort((a, b) => a - b);
  return machines.map((machine) => ({ machine, allocations: allocations.filter((a) => a.machine === machine) }));
}

export const MACHINE_HEADINGS = ['{n}號機', '【{n}號機】', '收銀機 {n}', 'POS {n}', '第{n}台'] as const;

export function machineHeading(form: string, machine: number): string {
  return form.replace('{n}', String(machine));
}

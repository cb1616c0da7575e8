// 字軌 / 起號 / 迄號 / 狀態: one row per part of an allocation, the status in the last column.
import { formatNumber } from '../../../invoice/invoice-number.ts';
import { rangeCount } from '../../../invoice/range.ts';
import type { InvoiceRange } from '../../../invoice/range.ts';
import { blankPart, usedPart } from '../inventory.ts';
import type { Rng } from '../random.ts';
import type { ScreenBlock, TableRow, Tone } from '../screen-content.ts';
import type { PosScreenSpec } from '../spec.ts';
import { periodText, type Wording } from './words.ts';

const TITLES = ['發票號碼查詢', '發票本使用狀況', '電子發票字軌', '字軌明細'] as const;

export function tableBlocks(spec: PosScreenSpec, wording: Wording, rng: Rng): ScreenBlock[] {
  const withCount = rng.chance(0.4);
  const header = ['字軌', '起號', '迄號', ...(withCount ? ['張數'] : []), '狀態'];
  const rows = spec.allocations.flatMap((a) => {
    const parts: [InvoiceRange | undefined, string, Tone][] = [
      [usedPart(a), wording.used, 'used'],
      [blankPart(a), wording.blank, 'blank'],
    ];
    return parts.flatMap(([range, status, tone]) => (range ? [row(range, status, tone, withCount)] : []));
  });
  return [
    { kind: 'title', text: rng.pick(TITLES) },
    { kind: 'info', text: `期別：${periodText(spec.store)}` },
    { kind: 'table', header, rows },
  ];
}

function row(range: InvoiceRange, status: string, tone: Tone, withCount: boolean): TableRow {
  const count = withCount ? [String(rangeCount(range))] : [];
  return { cells: [range.track, formatNumber(range.start), formatNumber(range.end), ...count, status], tone };
}

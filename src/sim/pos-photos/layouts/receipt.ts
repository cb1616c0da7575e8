// 「空白發票彙總」: a report printed on the POS's slip printer and shown on screen, with the store's name,
// 統一編號, phone and times around the ranges: numbers a reader must not take for invoice numbers.
import { rangeCount, totalCount } from '../../../invoice/range.ts';
import { blankPart, truthOf, usedPart } from '../inventory.ts';
import type { Rng } from '../random.ts';
import type { ScreenBlock } from '../screen-content.ts';
import type { PosScreenSpec } from '../spec.ts';
import { byMachine, periodText, rangeText, type Wording } from './words.ts';

export function receiptBlocks(spec: PosScreenSpec, wording: Wording, rng: Rng): ScreenBlock[] {
  const { store } = spec;
  const withCounts = rng.chance(0.5);
  const machines = byMachine(spec.allocations).flatMap(({ machine, allocations }): ScreenBlock[] => [
    { kind: 'heading', text: `機台：${machine}號機` },
    ...allocations.flatMap((a) => {
      const lines: ScreenBlock[] = [];
      const used = usedPart(a);
      const blank = blankPart(a);
      if (used) lines.push({ kind: 'line', text: `${wording.used} ${rangeText(used, wording)}`, tone: 'used' });
      if (blank) lines.push({ kind: 'line', text: `${wording.blank} ${rangeText(blank, wording)}`, tone: 'blank' });
      if (blank && withCounts) lines.push({ kind: 'info', text: `共 ${rangeCount(blank)} 張` });
      return lines;
    }),
  ]);
  return [
    { kind: 'title', text: '空白發票彙總' },
    { kind: 'info', text: store.name },
    { kind: 'info', text: `統一編號：${store.ubn}` },
    ...(rng.chance(0.6) ? [{ kind: 'info' as const, text: `電話：${store.phone}` }] : []),
    { kind: 'info', text: `期別：${periodText(store)}` },
    { kind: 'info', text: `列印時間：${store.printedAt}` },
    { kind: 'rule' },
    ...machines,
    { kind: 'rule' },
    // A label beside a short count names nothing below it: the reader knows 空白張數 26 is not a range.
    { kind: 'info', text: `${wording.blank}張數合計：${totalCount(truthOf(spec.allocations).blank)}` },
  ];
}

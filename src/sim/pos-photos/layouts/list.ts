// One line per range with its status first: `未使用 AB12345000-12345049`, `已使用 …`.
import { blankPart, usedPart } from '../inventory.ts';
import type { Rng } from '../random.ts';
import type { ScreenBlock } from '../screen-content.ts';
import type { PosScreenSpec } from '../spec.ts';
import { periodText, rangeText, type Wording } from './words.ts';

const TITLES = ['發票號碼一覽', '本期發票號碼', '發票字軌狀態'] as const;
const JOINERS = [' ', '  ', '：', ': '] as const;

export function listBlocks(spec: PosScreenSpec, wording: Wording, rng: Rng): ScreenBlock[] {
  const joiner = rng.pick(JOINERS);
  const lines = spec.allocations.flatMap((a): ScreenBlock[] => {
    const used = usedPart(a);
    const blank = blankPart(a);
    return [
      ...(used ? [{ kind: 'line' as const, text: `${wording.used}${joiner}${rangeText(used, wording)}`, tone: 'used' as const }] : []),
      ...(blank ? [{ kind: 'line' as const, text: `${wording.blank}${joiner}${rangeText(blank, wording)}`, tone: 'blank' as const }] : []),
    ];
  });
  return [{ kind: 'title', text: rng.pick(TITLES) }, { kind: 'info', text: periodText(spec.store) }, { kind: 'rule' }, ...lines];
}

// The 設定發票號碼 form: per allocation its 字軌, first and last number, and the 目前號碼 (next to issue).
// Nothing says 未使用: the blank part is from 目前號碼 to the last number, which the reader works out.
import { formatNumber } from '../../../invoice/invoice-number.ts';
import type { Allocation } from '../inventory.ts';
import type { Rng } from '../random.ts';
import type { ScreenBlock } from '../screen-content.ts';
import type { PosScreenSpec } from '../spec.ts';
import { byMachine, MACHINE_HEADINGS, machineHeading, periodText } from './words.ts';

const FIELD_WORDS = [
  { start: '起始號碼', end: '結束號碼', next: '目前號碼' },
  { start: '起號', end: '迄號', next: '目前發票號碼' },
  { start: '起始號碼', end: '結束號碼', next: '下一張' },
] as const;

export function settingsBlocks(spec: PosScreenSpec, rng: Rng): ScreenBlock[] {
  const words = rng.pick(FIELD_WORDS);
  const machineForm = rng.pick(MACHINE_HEADINGS);
  const machines = byMachine(spec.allocations);
  const body = machines.flatMap(({ machine, allocations }) => [
    ...(machines.length > 1 ? [{ kind: 'heading' as const, text: machineHeading(machineForm, machine) }] : []),
    ...allocations.flatMap((a) => allocationFields(a, words)),
  ]);
  return [{ kind: 'title', text: '設定發票號碼' }, { kind: 'info', text: `月份：${periodText(spec.store)}` }, ...body];
}

function allocationFields(a: Allocation, words: (typeof FIELD_WORDS)[number]): ScreenBlock[] {
  return [
    { kind: 'rule' },
    { kind: 'field', label: '字軌', value: a.track },
    { kind: 'field', label: words.start, value: formatNumber(a.start) },
    { kind: 'field', label: words.end, value: formatNumber(a.end) },
    { kind: 'field', label: words.next, value: formatNumber(a.next) },
  ];
}

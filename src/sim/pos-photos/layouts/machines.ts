// A section per machine (`1號機`), and in it a `未使用：` heading over the blank ranges and an `已使用：` heading
// over the used ones: the label is lines above the numbers it names.
import type { InvoiceRange } from '../../../invoice/range.ts';
import { blankPart, usedPart } from '../inventory.ts';
import type { Rng } from '../random.ts';
import type { ScreenBlock, Tone } from '../screen-content.ts';
import type { PosScreenSpec } from '../spec.ts';
import { byMachine, MACHINE_HEADINGS, machineHeading, periodText, rangeText, type Wording } from './words.ts';

const HEADING_FORMS = ['{w}：', '{w}:', '【{w}】', '{w}發票：'] as const;

export function machineBlocks(spec: PosScreenSpec, wording: Wording, rng: Rng): ScreenBlock[] {
  const machineForm = rng.pick(MACHINE_HEADINGS);
  const headingForm = rng.pick(HEADING_FORMS);
  const blankFirst = rng.chance(0.7);
  const sections = byMachine(spec.allocations).flatMap(({ machine, allocations }) => {
    const blank = section(headingForm, wording.blank, 'blank', allocations.map(blankPart), wording);
    const used = section(headingForm, wording.used, 'used', allocations.map(usedPart), wording);
    return [{ kind: 'heading' as const, text: machineHeading(machineForm, machine) }, ...(blankFirst ? [...blank, ...used] : [...used, ...blank])];
  });
  return [{ kind: 'title', text: '發票使用狀況' }, { kind: 'info', text: periodText(spec.store) }, { kind: 'rule' }, ...sections];
}

function section(form: string, word: string, tone: Tone, ranges: (InvoiceRange | undefined)[], wording: Wording): ScreenBlock[] {
  const shown = ranges.filter((r): r is InvoiceRange => r !== undefined);
  if (shown.length === 0) return [];
  return [{ kind: 'heading', text: form.replace('{w}', word) }, ...shown.map((r) => ({ kind: 'line' as const, text: rangeText(r, wording), tone }))];
}

// From a spec to what its screen shows: the layout's blocks inside the app's chrome.
import { Rng } from '../random.ts';
import type { ScreenBlock, ScreenContent } from '../screen-content.ts';
import type { LayoutName, PosScreenSpec } from '../spec.ts';
import { appChrome, slipChrome } from './chrome.ts';
import { listBlocks } from './list.ts';
import { machineBlocks } from './machines.ts';
import { receiptBlocks } from './receipt.ts';
import { settingsBlocks } from './settings.ts';
import { tableBlocks } from './table.ts';
import { drawWording } from './words.ts';

export function screenContent(spec: PosScreenSpec): ScreenContent {
  const rng = new Rng(spec.wordingSeed);
  const chrome = spec.layout === 'receipt' ? slipChrome(rng) : appChrome(spec, rng);
  return { chrome, blocks: layoutBlocks(spec.layout, spec, rng) };
}

function layoutBlocks(layout: LayoutName, spec: PosScreenSpec, rng: Rng): ScreenBlock[] {
  const wording = drawWording(rng);
  switch (layout) {
    case 'table':
      return tableBlocks(spec, wording, rng);
    case 'list':
      return listBlocks(spec, wording, rng);
    case 'machines':
      return machineBlocks(spec, wording, rng);
    case 'receipt':
      return receiptBlocks(spec, wording, rng);
    case 'settings':
      return settingsBlocks(spec, rng);
  }
}

// Draws a random but realistic screen spec from a seed: layout, look, store and numbers.
import { FONT_NAMES, MONOSPACE_FONTS } from './fonts.ts';
import type { FontName } from './fonts.ts';
import { drawInventory } from './inventory.ts';
import type { InventoryLimits } from './inventory.ts';
import { Rng } from './random.ts';
import { LAYOUTS } from './spec.ts';
import type { LayoutName, PosScreenSpec, StoreDetails } from './spec.ts';

const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1366, height: 768 },
  { width: 800, height: 600 },
] as const;

const STORE_NAMES = ['好鄰居咖啡', '阿明便當', '小林五金行', '晨光早餐店', '綠葉蔬果行', '老街豆花', '日日鮮麵包坊', '金福文具'] as const;
const CLERKS = ['王小明', '陳美玲', '林志豪', '張雅婷', '黃建國'] as const;

export function drawScreenSpec(seed: number, layout?: LayoutName): PosScreenSpec {
  const rng = new Rng(seed);
  const chosen = layout ?? rng.pick(LAYOUTS);
  return {
    layout: chosen,
    font: drawFont(rng, chosen),
    theme: rng.chance(0.35) ? 'dark' : 'light',
    viewport: rng.pick(VIEWPORTS),
    fontSizePx: rng.int(20, 30),
    store: drawStore(rng),
    allocations: drawInventory(rng, inventoryLimits(chosen)),
    wordingSeed: rng.int(0, 0x7fffffff),
  };
}

// The settings form shows every allocation's 目前號碼, so it cannot show one that is all used (see also `apart`).
function inventoryLimits(layout: LayoutName): InventoryLimits {
  const settings = layout === 'settings';
  return { allowAllUsed: !settings, apart: settings, maxMachines: 3 };
}

// Slips are printed in a fixed-width font most of the time.
function drawFont(rng: Rng, layout: LayoutName): FontName {
  return layout === 'receipt' && rng.chance(0.7) ? rng.pick(MONOSPACE_FONTS) : rng.pick(FONT_NAMES);
}

function drawStore(rng: Rng): StoreDetails {
  const rocYear = rng.int(113, 115);
  const periodMonth = rng.pick([1, 3, 5, 7, 9, 11]);
  const pad = (n: number) => String(n).padStart(2, '0');
  // Printed in the first days of the month after the period, when owners report.
  const printedMonth = (periodMonth + 1) % 12 + 1;
  const printedAt = `${rocYear + 1911 + (printedMonth === 1 ? 1 : 0)}/${pad(printedMonth)}/${pad(rng.int(1, 12))} ${pad(rng.int(8, 21))}:${pad(rng.int(0, 59))}`;
  return {
    name: rng.pick(STORE_NAMES),
    ubn: String(rng.int(0, 99_999_999)).padStart(8, '0'),
    phone: `0${rng.int(2, 8)}-${rng.int(2000, 2999)}-${String(rng.int(0, 9999)).padStart(4, '0')}`,
    rocYear,
    periodMonth,
    printedAt,
    clerk: rng.pick(CLERKS),
  };
}

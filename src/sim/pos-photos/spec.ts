// A POS screen to draw: which layout, in what font and theme, holding which allocations.
// Everything a render needs is here, so the same spec always gives the same picture.
import type { FontName } from './fonts.ts';
import type { Allocation } from './inventory.ts';

export const LAYOUTS = ['table', 'list', 'machines', 'receipt', 'settings'] as const;

/**
 * - table: 字軌 / 起號 / 迄號 / 狀態 columns, 狀態 未使用 or 已使用.
 * - list: one line per range, `未使用 AB12345000-12345049`.
 * - machines: a section per machine (`1號機`) with `未使用：` and `已使用：` headings.
 * - receipt: a printed-style 「空白發票彙總」 slip with store name, 統一編號 and dates around labelled ranges.
 * - settings: the 設定發票號碼 form: 字軌, 起始號碼, 結束號碼, 目前號碼 per allocation.
 */
export type LayoutName = (typeof LAYOUTS)[number];

export type Theme = 'light' | 'dark';

export interface StoreDetails {
  readonly name: string;
  /** 統一編號: eight digits a reader must not take for an invoice number. */
  readonly ubn: string;
  readonly phone: string;
  /** ROC year, e.g. 115. */
  readonly rocYear: number;
  /** First month of the two-month period: 1, 3, 5, 7, 9, 11. */
  readonly periodMonth: number;
  /** The time shown on the screen, `2026/11/01 14:32`. */
  readonly printedAt: string;
  readonly clerk: string;
}

export interface PosScreenSpec {
  readonly layout: LayoutName;
  readonly font: FontName;
  readonly theme: Theme;
  /** CSS pixels of the screen (a POS monitor: 1024×768, 1280×800…). */
  readonly viewport: { readonly width: number; readonly height: number };
  readonly fontSizePx: number;
  readonly store: StoreDetails;
  /** The machines and their numbers, in the order the screen lists them. */
  readonly allocations: readonly Allocation[];
  /** Seeds the small wording choices (which word for 未使用, which dash), so they repeat with the spec. */
  readonly wordingSeed: number;
}

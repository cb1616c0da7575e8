// The spa layout's own knobs: which labels it shows, how the 營業人 choice looks, how long views
// "load", and whether a bot check stands in front. The platform behind it is the shared one.
import type { PlatformContext } from '../context.ts';
import type { LabelSet } from '../texts.ts';

export type BusinessChoice = 'links' | 'dropdown';

export interface LoadingRange {
  readonly min: number;
  readonly max: number;
}

export interface SpaSettings {
  readonly labels: LabelSet;
  readonly businessChoice: BusinessChoice;
  /** Real milliseconds each view shows 載入中… before rendering, drawn anew every time. */
  readonly loadingMs: LoadingRange;
  /** 「正在執行安全驗證」 before a visitor's first page (also switchable as the botCheck fault). */
  readonly botCheck: boolean;
}

export interface SpaContext extends PlatformContext {
  readonly settings: SpaSettings;
}

export const DEFAULT_LOADING_MS: LoadingRange = Object.freeze({ min: 150, max: 450 });
// Long enough to be seen and waited for, short enough not to slow a test run.
export const BOT_CHECK_MS = 1_000;

export function spaSettings(options: Partial<SpaSettings>): SpaSettings {
  const loadingMs = options.loadingMs ?? DEFAULT_LOADING_MS;
  if (!(loadingMs.min >= 0 && loadingMs.max >= loadingMs.min && Number.isFinite(loadingMs.max))) {
    throw new RangeError(`loadingMs must satisfy 0 ≤ min ≤ max, got ${JSON.stringify(loadingMs)}`);
  }
  return {
    labels: options.labels ?? 'standard',
    businessChoice: options.businessChoice ?? 'links',
    loadingMs,
    botCheck: options.botCheck ?? false,
  };
}

export function botCheckActive(ctx: SpaContext): boolean {
  return ctx.settings.botCheck || ctx.faults.current().botCheck;
}

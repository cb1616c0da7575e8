// Faults a test can switch on to see how the driver copes with the platform's bad days.
import { z } from 'zod';

export type SessionExpiryPoint = 'save' | 'query' | 'blankPage';

export interface Faults {
  /** Every platform page, the home page included, answers 503 「系統維護中，暫停服務」. */
  maintenance: boolean;
  /** Real milliseconds added before every platform response. */
  slowMs: number;
  /** The next request of that kind finds its session expired; then the fault clears itself. */
  expireSessionOn: SessionExpiryPoint | null;
  /** 存檔 answers 500 and saves nothing. */
  saveServerError: boolean;
  captchaAlwaysWrong: boolean;
  /**
   * The spa layout puts 「正在執行安全驗證」 in front of visitors not yet cleared (like the
   * `botCheck` option, but switchable). The server-rendered layouts have no such gate.
   */
  botCheck: boolean;
}

export const NO_FAULTS: Readonly<Faults> = Object.freeze({
  maintenance: false,
  slowMs: 0,
  expireSessionOn: null,
  saveServerError: false,
  captchaAlwaysWrong: false,
  botCheck: false,
});

export const faultsPatchSchema = z.strictObject({
  maintenance: z.boolean().optional(),
  slowMs: z.number().int().min(0).max(600_000).optional(),
  expireSessionOn: z.enum(['save', 'query', 'blankPage']).nullable().optional(),
  saveServerError: z.boolean().optional(),
  captchaAlwaysWrong: z.boolean().optional(),
  botCheck: z.boolean().optional(),
});

export type FaultsPatch = z.infer<typeof faultsPatchSchema>;

export interface FaultSwitchboard {
  current(): Readonly<Faults>;
  set(patch: FaultsPatch): void;
  /** True once when the session-expiry fault is armed for this point, disarming it. */
  takeSessionExpiry(point: SessionExpiryPoint): boolean;
  reset(): void;
}

export function createFaultSwitchboard(initial: FaultsPatch = {}): FaultSwitchboard {
  let faults: Faults = merge(NO_FAULTS, initial);
  return {
    current: () => faults,
    set(patch) {
      faults = merge(faults, faultsPatchSchema.parse(patch));
    },
    takeSessionExpiry(point) {
      if (faults.expireSessionOn !== point) return false;
      faults = { ...faults, expireSessionOn: null };
      return true;
    },
    reset() {
      faults = { ...NO_FAULTS };
    },
  };
}

function merge(base: Readonly<Faults>, patch: FaultsPatch): Faults {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return { ...base, ...defined };
}

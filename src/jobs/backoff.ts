export interface BackoffOptions {
  /** Delay after the first failed attempt, before jitter. */
  readonly baseMs?: number;
  /** No retry waits longer than this, before jitter. */
  readonly capMs?: number;
  /** Source of jitter in [0, 1); injectable so a test can check the exact schedule. */
  readonly random?: () => number;
}

export const DEFAULT_BACKOFF_BASE_MS = 30_000;
export const DEFAULT_BACKOFF_CAP_MS = 30 * 60_000;

/**
 * Capped exponential backoff with jitter: base * 2^(attempt-1), capped, times a
 * jitter factor in [0.5, 1]. The jitter spreads retries of jobs that failed
 * together (a platform outage) so they do not all come back in the same second.
 */
export function backoffMs(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = DEFAULT_BACKOFF_BASE_MS, capMs = DEFAULT_BACKOFF_CAP_MS, random = Math.random } = options;
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // Math.min before multiplying by jitter keeps huge exponents (Infinity) harmless.
  const capped = Math.min(capMs, baseMs * 2 ** exponent);
  const jitter = 0.5 + 0.5 * clamp01(random());
  return Math.round(capped * jitter);
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 1;
}

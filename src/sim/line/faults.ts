// Faults a test arms so the bot's retry, backoff and timeout paths run against real HTTP answers.

export type PathMatcher = string | RegExp;

export interface FailureOptions {
  /** The answer body; LINE-shaped by default. */
  readonly body?: unknown;
  /** Do the work (deliver the push, use the token) and then answer with the failure, as when LINE
   *  accepted a request but the answer was lost: the case a retry key exists for. */
  readonly afterProcessing?: boolean;
}

export interface DelayOptions {
  /** Do the work at once and hold only the answer, as when LINE acted on a request but answers slowly:
   *  a bot that stops meanwhile never learns that its reply was shown or its push delivered. */
  readonly afterProcessing?: boolean;
}

export interface Delay {
  readonly ms: number;
  readonly afterProcessing: boolean;
}

export interface Failure {
  readonly status: number;
  readonly body: unknown;
  readonly afterProcessing: boolean;
}

interface Armed<T> {
  readonly path: PathMatcher;
  readonly value: T;
  remaining: number;
}

export interface Faults {
  failNext(path: PathMatcher, status: number, times?: number, options?: FailureOptions): void;
  delayNext(path: PathMatcher, ms: number, times?: number, options?: DelayOptions): void;
  takeFailure(path: string): Failure | undefined;
  takeDelay(path: string): Delay | undefined;
  reset(): void;
}

export function createFaults(): Faults {
  const failures: Armed<Failure>[] = [];
  const delays: Armed<Delay>[] = [];
  return {
    failNext(path, status, times = 1, options = {}) {
      const body = options.body ?? { message: defaultMessage(status) };
      failures.push({ path, value: { status, body, afterProcessing: options.afterProcessing ?? false }, remaining: times });
    },
    delayNext(path, ms, times = 1, options = {}) {
      delays.push({ path, value: { ms, afterProcessing: options.afterProcessing ?? false }, remaining: times });
    },
    takeFailure: (path) => take(failures, path),
    takeDelay: (path) => take(delays, path),
    reset() {
      failures.length = 0;
      delays.length = 0;
    },
  };
}

function take<T>(armed: Armed<T>[], path: string): T | undefined {
  const index = armed.findIndex((entry) => matches(entry.path, path));
  const entry = armed[index];
  if (!entry) return undefined;
  entry.remaining -= 1;
  if (entry.remaining <= 0) armed.splice(index, 1);
  return entry.value;
}

function matches(matcher: PathMatcher, path: string): boolean {
  if (typeof matcher === 'string') return matcher === '*' || matcher === path;
  return matcher.test(path);
}

function defaultMessage(status: number): string {
  if (status === 429) return 'Too Many Requests';
  if (status >= 500) return 'An error occurred in the server. Please try again later.';
  return 'Injected failure';
}

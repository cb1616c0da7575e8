/**
 * Acknowledgements first, under a flood. LINE wants every webhook answered at once, and
 * answering is cheap; processing an event (conversation, outbox) costs far more on the same
 * thread. While deliveries arrive faster than a busy bot ever sees in normal use, event
 * processing is held to a small share of the time, so acknowledgements stay fast and nothing
 * is refused; the stored events are worked off at full speed as soon as the flood passes.
 */
export interface AckFirstOptions {
  /** Deliveries per second above which the webhook counts as flooded. */
  readonly floodPerSecond?: number;
  /** The share of time event processing may take during a flood. */
  readonly floodShare?: number;
  readonly now?: () => number;
}

const WINDOW_MS = 100;

export class AckFirst {
  readonly #floodPerWindow: number;
  readonly #share: number;
  readonly #now: () => number;
  #window = { startedAt: Number.NEGATIVE_INFINITY, count: 0 };
  #previousCount = 0;
  #lastWork = { endedAt: Number.NEGATIVE_INFINITY, ms: 0 };
  #held: Promise<void> = Promise.resolve();

  constructor(options: AckFirstOptions = {}) {
    this.#floodPerWindow = ((options.floodPerSecond ?? 1000) * WINDOW_MS) / 1000;
    this.#share = options.floodShare ?? 0.01;
    this.#now = options.now ?? (() => performance.now());
  }

  /** A webhook delivery was stored. */
  delivered(): void {
    const now = this.#now();
    if (now - this.#window.startedAt >= WINDOW_MS) {
      this.#previousCount = now - this.#window.startedAt < 2 * WINDOW_MS ? this.#window.count : 0;
      this.#window = { startedAt: now, count: 0 };
    }
    this.#window.count += 1;
  }

  /** Whether the current or the last full window of deliveries ran over the flood rate. */
  flooded(): boolean {
    const elapsed = this.#now() - this.#window.startedAt;
    if (elapsed < WINDOW_MS) return Math.max(this.#window.count, this.#previousCount) > this.#floodPerWindow;
    if (elapsed < 2 * WINDOW_MS) return this.#window.count > this.#floodPerWindow;
    return false;
  }

  /** How long to hold the next piece of processing back: 0 unless flooded. */
  pauseMs(): number {
    if (!this.flooded()) return 0;
    const owed = (this.#lastWork.ms * (1 - this.#share)) / this.#share;
    return Math.max(0, this.#lastWork.endedAt + owed - this.#now());
  }

  /**
   * Runs one piece of processing and remembers what it cost. During a flood, pieces run one
   * at a time, each after the pause its predecessor earned; otherwise at once.
   */
  run<T>(work: () => Promise<T>, wait: (ms: number) => Promise<void>): Promise<T> {
    if (!this.flooded()) return this.timed(work);
    const turn = this.#held.then(async () => {
      for (let pause = this.pauseMs(); pause > 0; pause = this.pauseMs()) await wait(pause);
      return this.timed(work);
    });
    this.#held = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async timed<T>(work: () => Promise<T>): Promise<T> {
    const started = this.#now();
    try {
      return await work();
    } finally {
      const ended = this.#now();
      this.#lastWork = { endedAt: ended, ms: ended - started };
    }
  }
}

import type { Logger } from '../log.ts';

/**
 * Work done in lanes, one lane per owner: inside a lane strictly one thing after
 * another, lanes side by side. `kick()` asks which lanes have work and starts the
 * idle ones; kicks that arrive during a scan are folded into one more scan.
 */
export class OwnerLanes {
  readonly #active = new Map<string, Promise<void>>();
  #scanning: Promise<void> | undefined;
  #rescan = false;
  #stopped = false;
  /** A scan found more lanes with work than could start: look again when one ends. */
  #lanesLeftOver = false;

  constructor(
    private readonly name: string,
    private readonly lanesWithWork: () => Promise<readonly string[]>,
    private readonly drain: (lane: string) => Promise<void>,
    private readonly log: Logger,
    /** Lanes running at once: each holds some memory and a connection's worth of work; a backlog waits its turn. */
    private readonly maxActive = Number.POSITIVE_INFINITY,
  ) {}

  kick(): void {
    if (this.#stopped) return;
    if (this.#scanning) {
      this.#rescan = true;
      return;
    }
    this.#scanning = this.scan().finally(() => {
      this.#scanning = undefined;
      if (this.#rescan) {
        this.#rescan = false;
        this.kick();
      }
    });
  }

  /** Resolves when no scan and no lane is running. */
  async idle(): Promise<void> {
    while (this.#scanning || this.#active.size > 0) await Promise.all([this.#scanning, ...this.#active.values()]);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.idle();
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  private laneEnded(lane: string): void {
    this.#active.delete(lane);
    if (!this.#lanesLeftOver) return;
    this.#lanesLeftOver = false;
    // In a turn of its own: a lane that ends at once (nothing it could do) must not start the next
    // scan in the same chain of promises, or lanes and scans could chase each other without a pause.
    setImmediate(() => this.kick());
  }

  private async scan(): Promise<void> {
    try {
      for (const lane of await this.lanesWithWork()) {
        if (this.#active.has(lane)) continue;
        if (this.#active.size >= this.maxActive) {
          this.#lanesLeftOver = true;
          break;
        }
        this.#active.set(lane, this.drain(lane).finally(() => this.laneEnded(lane)));
      }
    } catch (error) {
      this.log.error({ err: error }, `${this.name} scan failed`);
    }
  }
}

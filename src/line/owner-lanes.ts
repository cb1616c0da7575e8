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

  constructor(
    private readonly name: string,
    private readonly lanesWithWork: () => Promise<readonly string[]>,
    private readonly drain: (lane: string) => Promise<void>,
    private readonly log: Logger,
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

  private async scan(): Promise<void> {
    try {
      for (const lane of await this.lanesWithWork()) {
        if (!this.#active.has(lane)) this.#active.set(lane, this.drain(lane).finally(() => this.#active.delete(lane)));
      }
    } catch (error) {
      this.log.error({ err: error }, `${this.name} scan failed`);
    }
  }
}

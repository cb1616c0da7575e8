import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { newHolderId } from '../line/lane-leases.ts';
import type { Logger } from '../log.ts';
import type { RetentionSettings } from './settings.ts';
import { sweepRetention, type SweepResult } from './sweep.ts';

export interface RetentionSchedulerOptions {
  readonly db: Db;
  readonly log: Logger;
  readonly clock: Clock;
  readonly settings: RetentionSettings;
  readonly dataDir: string;
  /** The first sweep comes this long after start (default a minute: start-up settles first). */
  readonly firstAfterMs?: number;
}

/**
 * Runs the retention sweep in a worker process: a minute after start, then every
 * RETENTION_SWEEP_EVERY. Every worker runs one; the retention lease (sweep.ts) lets one
 * process at a time sweep the database, once per interval across all of them.
 */
export class RetentionScheduler {
  readonly #holder = newHolderId();
  #first: NodeJS.Timeout | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<SweepResult | undefined> | undefined;
  #stopped = false;

  constructor(private readonly options: RetentionSchedulerOptions) {}

  start(): void {
    this.#stopped = false;
    this.#first = setTimeout(() => {
      void this.tick();
      this.#timer = setInterval(() => void this.tick(), this.options.settings.sweepEveryMs);
      this.#timer.unref();
    }, this.options.firstAfterMs ?? 60_000);
    this.#first.unref();
  }

  /** Stops the timer and waits for a sweep under way (it stops after its current batch). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#first);
    clearInterval(this.#timer);
    await this.#running;
  }

  /** One sweep now, unless one of this process's is under way (then that one's result). */
  async tick(): Promise<SweepResult | undefined> {
    if (this.#running) return this.#running;
    this.#running = this.sweep().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  private async sweep(): Promise<SweepResult | undefined> {
    const { db, log, clock, settings, dataDir } = this.options;
    try {
      return await sweepRetention({ db, log, now: clock.now(), settings, dataDir, holder: this.#holder, going: () => !this.#stopped });
    } catch (error) {
      log.error({ err: error }, 'retention sweep failed');
      return undefined;
    }
  }
}

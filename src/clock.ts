/**
 * The one source of "now". Production uses the system clock; tests and the
 * playground move time forward so that hours and reminder days pass in seconds.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that runs with real time but can be moved ahead. */
export class AdjustableClock implements Clock {
  #offsetMs = 0;

  constructor(private readonly base: Clock = systemClock) {}

  now(): Date {
    return new Date(this.base.now().getTime() + this.#offsetMs);
  }

  /** How far ahead of the base clock this one runs. */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  advance(ms: number): void {
    this.#offsetMs += ms;
  }

  set(instant: Date): void {
    this.#offsetMs = instant.getTime() - this.base.now().getTime();
  }
}

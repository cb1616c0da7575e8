// The simulator's clock: a base clock (real by default) plus an offset that tests move forward,
// so "2 hours later" and "30 minutes locked" take no real time.

export interface SimClock {
  now(): Date;
  advance(ms: number): void;
  offsetMs(): number;
}

export function createSimClock(base: () => Date = () => new Date()): SimClock {
  let offset = 0;
  return {
    now: () => new Date(base().getTime() + offset),
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the simulator clock only moves forward, got ${ms}`);
      offset += ms;
    },
    offsetMs: () => offset,
  };
}

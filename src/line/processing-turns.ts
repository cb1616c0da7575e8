/**
 * Processing yields to the webhook by construction. Every piece of processing (one inbox event,
 * one outgoing message) starts in a turn of the event loop of its own, messages first, and while
 * webhooks are arriving only if the loop keeps up: when a turn of the loop ran late (the thread is
 * saturated — webhooks arriving faster than events can be answered), the next piece waits a moment, so the
 * webhook's verify → store → acknowledge always finds the thread within a few milliseconds. The
 * stored events are answered at full speed once the loop has room again. No rate is configured:
 * processing takes whatever the acknowledgements leave.
 */
export class ProcessingTurns {
  readonly #waiting: Record<TurnKind, (() => void)[]> = { message: [], event: [] };
  readonly #lag = new LoopLag();
  #pumping = false;
  #lastWebhookAt = Number.NEGATIVE_INFINITY;

  /** A webhook was just acknowledged: while they keep coming, processing makes room for them. */
  webhookArrived(): void {
    this.#lastWebhookAt = performance.now();
  }

  /**
   * Runs `work` in a later turn of its own. Messages go before events: an answer already made is
   * worth more than the next question taken in (and a reply token only lives a minute).
   */
  take<T>(work: () => Promise<T>, kind: TurnKind = 'event'): Promise<T> {
    const turn = new Promise<void>((resolve) => this.#waiting[kind].push(resolve));
    if (!this.#pumping) void this.pump();
    return turn.then(work);
  }

  /**
   * Only webhooks need the room: with none arriving (a backlog after a burst, a busy machine),
   * processing runs at full speed even when the loop is late.
   */
  private mustMakeRoom(): boolean {
    return performance.now() - this.#lastWebhookAt < WEBHOOKS_RECENT_MS && this.#lag.lateMs() > MAX_LATE_MS;
  }

  private async pump(): Promise<void> {
    this.#pumping = true;
    this.#lag.watch();
    try {
      for (;;) {
        // An immediate scheduled from an immediate runs in the next turn, so starts are spaced by turns.
        await nextTurn();
        // Steps back while the loop runs late, but never for good: a loop that is late for other
        // reasons (a browser driven in the same process) must not stop the answers altogether.
        for (let pauses = 0; pauses < MAX_PAUSES && this.mustMakeRoom(); pauses += 1) await pause(PAUSE_MS);
        const next = this.#waiting.message.shift() ?? this.#waiting.event.shift();
        if (!next) return;
        next();
      }
    } finally {
      this.#pumping = false;
      this.#lag.unwatch();
    }
  }
}

export type TurnKind = 'message' | 'event';

/** How late a turn of the loop may run before processing steps back (a piece of work is a few ms). */
const MAX_LATE_MS = 12;
const PAUSE_MS = 2;
/** At least one piece of processing every MAX_PAUSES pauses (some 20–50 ms) whatever the loop's state. */
const MAX_PAUSES = 10;
/** Webhooks count as arriving while the last came this recently. */
const WEBHOOKS_RECENT_MS = 250;
const TICK_MS = 5;
/** Ticks a late turn is remembered for. */
const MEMORY_TICKS = 4;

/**
 * How late the event loop has been running lately, from a timer that ticks every few ms while
 * there is processing to pace (an idle bot keeps no timer going).
 */
class LoopLag {
  #timer: NodeJS.Timeout | undefined;
  #expected = 0;
  #recent: number[] = [];

  lateMs(): number {
    return this.#recent.length === 0 ? 0 : Math.max(...this.#recent);
  }

  watch(): void {
    if (this.#timer) return;
    this.#expected = performance.now() + TICK_MS;
    this.#timer = setInterval(() => this.tick(), TICK_MS);
    this.#timer.unref();
  }

  unwatch(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#recent = [];
  }

  private tick(): void {
    const now = performance.now();
    this.#recent.push(Math.max(0, now - this.#expected));
    if (this.#recent.length > MEMORY_TICKS) this.#recent.shift();
    this.#expected = now + TICK_MS;
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

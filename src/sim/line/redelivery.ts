// LINE's webhook redelivery (a switch in the LINE Developers console): a delivery the bot does not
// acknowledge with a 2xx — the connection refused or reset, no answer in time, any other status — is
// sent again later, its events unchanged but for `deliveryContext.isRedelivery: true`: the same
// webhookEventId and the same reply token, which keeps counting its minute from when it was issued.
// LINE does not publish its schedule; the fake tries again every `intervalMs` until it gives up.
import { asRedelivery } from './events.ts';
import type { WebhookEvent, WebhookRedeliveryOptions } from './types.ts';

export interface Redelivery {
  /** The bot did not acknowledge these events: they go again later. */
  failed(events: readonly WebhookEvent[]): void;
  /** Tries every waiting delivery once more, now; resolves when each attempt has ended. */
  flush(): Promise<void>;
  /** Deliveries waiting to be tried again. */
  waiting(): number;
  /** Forgets every waiting delivery and its timer. */
  stop(): void;
}

interface Waiting {
  readonly events: readonly WebhookEvent[];
  readonly firstFailedAtMs: number;
  timer: NodeJS.Timeout | undefined;
  trying: Promise<void> | undefined;
}

export interface RedeliveryDeps {
  readonly now: () => Date;
  readonly options: WebhookRedeliveryOptions;
  /** Posts the events (already marked as redelivered); true when the bot answered 2xx. */
  readonly send: (events: readonly WebhookEvent[]) => Promise<boolean>;
}

export function createRedelivery(deps: RedeliveryDeps): Redelivery {
  const intervalMs = deps.options.intervalMs ?? 1000;
  const giveUpAfterMs = deps.options.giveUpAfterMs ?? 60 * 60 * 1000;
  const waiting = new Set<Waiting>();

  const schedule = (entry: Waiting): void => {
    entry.timer = setTimeout(() => void tryAgain(entry), intervalMs);
    entry.timer.unref();
  };

  function tryAgain(entry: Waiting): Promise<void> {
    if (entry.trying) return entry.trying;
    clearTimeout(entry.timer);
    entry.trying = (async () => {
      const acknowledged = await deps.send(entry.events.map(asRedelivery)).catch(() => false);
      entry.trying = undefined;
      if (!waiting.has(entry)) return; // stopped meanwhile
      if (acknowledged || deps.now().getTime() - entry.firstFailedAtMs >= giveUpAfterMs) waiting.delete(entry);
      else schedule(entry);
    })();
    return entry.trying;
  }

  return {
    failed(events) {
      const entry: Waiting = { events, firstFailedAtMs: deps.now().getTime(), timer: undefined, trying: undefined };
      waiting.add(entry);
      schedule(entry);
    },
    async flush() {
      await Promise.all([...waiting].map(tryAgain));
    },
    waiting: () => waiting.size,
    stop() {
      for (const entry of waiting) clearTimeout(entry.timer);
      waiting.clear();
    },
  };
}

// "Send text, then await the bot's answer" without sleeping: resolve on the store's announcements, or
// time out with everything a reader needs to see why (what arrived, which API calls LINE refused).
import { textOf } from './inspect-messages.ts';
import { STORE_EVENTS, type Store } from './store.ts';
import type { ApiCall, BotMessage } from './types.ts';

export interface WaitOptions {
  /** A cursor from `mark(userId)`; by default, where the user last did something through this fake. */
  readonly since?: number;
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;

export function waitForMessages(store: Store, userId: string, count: number, options: WaitOptions = {}): Promise<BotMessage[]> {
  const since = options.since ?? store.lastUserMarks.get(userId) ?? 0;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const callsFrom = store.lastUserCallMarks.get(userId) ?? store.calls.length;
  const arrived = (): BotMessage[] => (store.botMessages.get(userId) ?? []).slice(since);
  return new Promise((resolve, reject) => {
    if (arrived().length >= count) {
      resolve(arrived());
      return;
    }
    const onMessages = (who: string): void => {
      if (who !== userId || arrived().length < count) return;
      stop();
      resolve(arrived());
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(describeTimeout({ userId, count, since, timeoutMs, arrived: arrived(), calls: store.calls.slice(callsFrom) })));
    }, timeoutMs);
    function stop(): void {
      clearTimeout(timer);
      store.emitter.off(STORE_EVENTS.botMessages, onMessages);
    }
    store.emitter.on(STORE_EVENTS.botMessages, onMessages);
  });
}

interface TimeoutFacts {
  readonly userId: string;
  readonly count: number;
  readonly since: number;
  readonly timeoutMs: number;
  readonly arrived: readonly BotMessage[];
  readonly calls: readonly ApiCall[];
}

function describeTimeout(facts: TimeoutFacts): string {
  const head = `waited ${facts.timeoutMs} ms for ${facts.count} bot message(s) to ${facts.userId} after cursor ${facts.since}, ` +
    `but ${facts.arrived.length} arrived`;
  const arrived = facts.arrived.map((message, index) => `\n  [${index + 1}] ${message.type}: ${JSON.stringify(textOf(message).slice(0, 200))}`);
  const failed = facts.calls.filter((call) => call.status >= 400).map(describeFailedCall);
  const calls = facts.calls.length === 0
    ? '\n  the bot made no API calls since the user last acted'
    : failed.length > 0 ? `\n  refused API calls:${failed.join('')}` : '';
  return head + arrived.join('') + calls;
}

function describeFailedCall(call: ApiCall): string {
  return `\n    ${call.method} ${call.path} → ${call.status} ${JSON.stringify(call.response)}`;
}

// The bot's real confirmation card (src/conversation/flows/confirm-card.ts) for any number of ranges,
// and what fitted messages show, for the tests of fitting messages to LINE's limits.
import type { messagingApi } from '@line/bot-sdk';
import { confirmationCard } from '../../src/conversation/flows/confirm-card.ts';
import type { Store } from '../../src/db/schema.ts';
import { formatNumber } from '../../src/invoice/invoice-number.ts';
import { makePeriod } from '../../src/invoice/period.ts';
import type { InvoiceRange } from '../../src/invoice/range.ts';
import type { LineMessage } from '../../src/line/line-api.ts';
import type { FullListPage } from '../../src/line/fit-messages.ts';
import { bubbleLines } from '../../src/line/flex-summary.ts';
import { validateMessages } from '../../src/sim/line/validate-messages.ts';
import type { ErrorDetail } from '../../src/sim/line/errors.ts';

export const NOW = new Date('2026-11-03T02:00:00Z');

export function storeNamed(name: string): Store {
  return {
    id: 'store-1',
    owner_line_user_id: 'U-owner',
    ubn: '04595257',
    branch_ubn: '04595257',
    invoice_type: '07',
    display_name: name,
    sealed_credentials: null,
    credentials_updated_at: null,
    created_at: NOW.toISOString(),
    updated_at: NOW.toISOString(),
  };
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The n-th two-letter track: AA, AB, … ZZ. */
export function trackOf(n: number): string {
  return `${LETTERS[Math.floor(n / 26) % 26] ?? 'A'}${LETTERS[n % 26] ?? 'A'}`;
}

/** `count` ranges of 50 numbers over `tracks` tracks (at most 676), none overlapping. */
export function rangesOf(count: number, tracks = 1): InvoiceRange[] {
  return Array.from({ length: count }, (_, i) => {
    const start = 10_000_000 + i * 100;
    return { track: trackOf(i % tracks), start, end: start + 49 };
  });
}

/** What the card shows for a range, and what its page must show. */
export function rangeText(range: InvoiceRange): string {
  return `${formatNumber(range.start)}–${formatNumber(range.end)}`;
}

export function confirmCardFor(ranges: readonly InvoiceRange[], storeName = '小林咖啡'): messagingApi.FlexMessage {
  return confirmationCard(storeNamed(storeName), makePeriod(115, 9), ranges, NOW, {
    confirm: { label: '確認上傳', postback: 'confirm', nonce: 'n0nce' },
    edit: { label: '修改', postback: 'edit', nonce: 'n0nce' },
    cancel: { label: '取消', text: '取消' },
  });
}

/** LINE's verdict on a reply or push, from the fake's own validator. */
export function problemsOf(messages: readonly LineMessage[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  validateMessages(JSON.parse(JSON.stringify(messages)), problems);
  return problems;
}

/** Pages kept in memory: what fitting published, and a link for each. */
export function pageRecorder() {
  const pages: FullListPage[] = [];
  return {
    pages,
    publish(page: FullListPage): string {
      pages.push(page);
      return `https://bot.example.tw/lists/${'p'.repeat(30)}${String(pages.length).padStart(2, '0')}`;
    },
  };
}

/** Every line a person reads in these messages: texts, and each Flex bubble's rows. */
export function shownLines(messages: readonly LineMessage[]): string[] {
  return messages.flatMap((message) => {
    if (message.type === 'text') return message.text.split('\n');
    if (message.type !== 'flex') return [];
    const bubbles = message.contents.type === 'carousel' ? message.contents.contents : [message.contents];
    return bubbles.flatMap((bubble) => bubbleLines(bubble as unknown as Record<string, unknown>));
  });
}

/** The links of the uri buttons of Flex messages. */
export function buttonLinks(messages: readonly LineMessage[]): string[] {
  return JSON.stringify(messages).match(/"uri":"([^"]+)"/g)?.map((match) => match.slice(7, -1)) ?? [];
}

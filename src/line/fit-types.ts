import type { messagingApi } from '@line/bot-sdk';

/** A message, or a part of one, as plain JSON: fitting reads it without trusting its shape. */
export type Json = Record<string, unknown>;

export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Size as LINE measures Flex containers: the UTF-8 bytes of the JSON as sent. */
export function bytesOf(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** Content that did not fit in the chat, shown in full on a web page. */
export interface FullListPage {
  readonly title: string;
  readonly lines: readonly string[];
}

/** Stores a page and returns its link (an http(s) URL a uri action can open). */
export type PublishFullList = (page: FullListPage) => string;

export interface SummaryTools {
  /** The bubble returned must be at most this many bytes of JSON. */
  readonly maxBytes: number;
  readonly publish: PublishFullList;
}

/**
 * A card builder's own way to shorten its card when it is over LINE's size limit (it knows what its
 * items are). Returns undefined to leave it to the generic summary.
 */
export type BubbleSummariser = (bubble: messagingApi.FlexBubble, tools: SummaryTools) => messagingApi.FlexBubble | undefined;

export interface FitOptions {
  readonly publish: PublishFullList;
  readonly summarise?: BubbleSummariser;
}

/** The options, plus where fitting records what it changed (for the operator's log). */
export interface FitContext extends FitOptions {
  note(change: string): void;
}

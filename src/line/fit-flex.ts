// Flex messages: altText, every action inside, the bubble and carousel size caps, and 12 bubbles per
// carousel (a longer carousel becomes several, in order).
import type { messagingApi } from '@line/bot-sdk';
import { fitAction } from './fit-actions.ts';
import { fitCopy } from './fit-copy.ts';
import { bytesOf, isJson, type FitContext, type Json } from './fit-types.ts';
import { bubbleLines, summariseBubble } from './flex-summary.ts';
import { LINE_LIMITS } from './limits.ts';
import { cutText, utf16Length } from './text-fit.ts';

const BLOCKS = ['header', 'hero', 'body', 'footer'] as const;

/** One Flex message, or several when a carousel had to be split. */
export function fitFlexMessage(message: Json, ctx: FitContext, where: string): Json[] {
  const contents = message['contents'];
  const fitted: Json = { ...message, altText: fitAltText(message, ctx, where) };
  if (!isJson(contents)) return [fitted];
  if (contents['type'] === 'bubble') return [{ ...fitted, contents: fitBubble(contents, ctx, `${where}.contents`) }];
  if (contents['type'] !== 'carousel' || !Array.isArray(contents['contents']) || contents['contents'].length === 0) return [fitted];
  const bubbles = contents['contents'].map((bubble: unknown, index) =>
    isJson(bubble) ? fitBubble(bubble, ctx, `${where}.contents.contents[${index}]`) : bubble,
  );
  const groups = carouselGroups(contents, bubbles);
  if (groups.length > 1) ctx.note(`${where}: carousel of ${bubbles.length} bubbles sent as ${groups.length} carousels`);
  const { quickReply, ...rest } = fitted;
  return groups.map((group, index) => ({
    ...rest,
    contents: { ...contents, contents: group },
    ...(index === groups.length - 1 && quickReply !== undefined ? { quickReply } : {}),
  }));
}

function fitAltText(message: Json, ctx: FitContext, where: string): string {
  const altText = message['altText'];
  if (typeof altText !== 'string' || altText.length === 0) {
    ctx.note(`${where}.altText was missing`);
    return cutText(firstLine(message['contents']) ?? fitCopy.defaultAltText, LINE_LIMITS.flexAltText, utf16Length);
  }
  if (altText.length <= LINE_LIMITS.flexAltText) return altText;
  ctx.note(`${where}.altText shortened to ${LINE_LIMITS.flexAltText}`);
  return cutText(altText, LINE_LIMITS.flexAltText, utf16Length);
}

function firstLine(contents: unknown): string | undefined {
  if (!isJson(contents)) return undefined;
  const bubble = contents['type'] === 'carousel' && Array.isArray(contents['contents']) ? contents['contents'][0] : contents;
  return isJson(bubble) ? bubbleLines(bubble).find((line) => line.trim().length > 0) : undefined;
}

/** Bubbles in order, cut into carousels of at most 12 bubbles and 50,000 bytes each. */
function carouselGroups(carousel: Json, bubbles: readonly unknown[]): unknown[][] {
  const base = bytesOf({ ...carousel, contents: [] });
  const groups: unknown[][] = [];
  let group: unknown[] = [];
  let size = base;
  for (const bubble of bubbles) {
    const bytes = bytesOf(bubble);
    const fits = group.length < LINE_LIMITS.flexCarouselBubbles && size + bytes + (group.length > 0 ? 1 : 0) <= LINE_LIMITS.flexCarouselBytes;
    if (!fits && group.length > 0) {
      groups.push(group);
      group = [];
      size = base;
    }
    size += bytes + (group.length > 0 ? 1 : 0);
    group.push(bubble);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** A bubble LINE accepts: actions fitted, then shortened when over 30,000 bytes. */
export function fitBubble(bubble: Json, ctx: FitContext, where: string): Json {
  const fitted = fitBubbleActions(bubble, ctx, where);
  const size = bytesOf(fitted);
  if (size <= LINE_LIMITS.flexBubbleBytes) return fitted;
  ctx.note(`${where}: bubble of ${size} bytes over ${LINE_LIMITS.flexBubbleBytes}, summarised`);
  const custom = ctx.summarise?.(fitted as messagingApi.FlexBubble, { maxBytes: LINE_LIMITS.flexBubbleBytes, publish: ctx.publish });
  if (custom) {
    const own = fitBubbleActions(custom as Json, ctx, where);
    if (bytesOf(own) <= LINE_LIMITS.flexBubbleBytes) return own;
  }
  return summariseBubble(fitted, ctx.publish);
}

function fitBubbleActions(bubble: Json, ctx: FitContext, where: string): Json {
  const fitted: Json = { ...bubble };
  if (fitted['action'] !== undefined) setOrDelete(fitted, 'action', fitAction(fitted['action'], LINE_LIMITS.flexLabel, ctx, `${where}.action`));
  for (const block of BLOCKS) {
    if (fitted[block] !== undefined) setOrDelete(fitted, block, fitComponent(fitted[block], ctx, `${where}.${block}`));
  }
  return fitted;
}

/** The component fitted; undefined for a button whose action cannot be kept. */
function fitComponent(component: unknown, ctx: FitContext, where: string): unknown {
  if (!isJson(component)) return component;
  const fitted: Json = { ...component };
  if (fitted['action'] !== undefined) {
    const action = fitAction(fitted['action'], LINE_LIMITS.flexLabel, ctx, `${where}.action`);
    if (!action && fitted['type'] === 'button') return undefined;
    setOrDelete(fitted, 'action', action);
  }
  if (fitted['type'] === 'box' && Array.isArray(fitted['contents'])) {
    fitted['contents'] = fitted['contents'].flatMap((child: unknown, index) => {
      const kept = fitComponent(child, ctx, `${where}.contents[${index}]`);
      return kept === undefined ? [] : [kept];
    });
  }
  return fitted;
}

function setOrDelete(target: Json, key: string, value: unknown): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

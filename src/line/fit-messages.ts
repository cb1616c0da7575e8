// Every reply and push goes through fitMessages on its way to LINE, so what the bot sends is within LINE's
// limits by construction (see limits.ts). What does not fit in the chat is not dropped: a long text goes
// on over several bubbles, a big card shows its first items and links to a page with all of them, and
// when even five bubbles are not enough the last one links to a page with the whole reply.
import type { LineMessage } from './line-api.ts';
import { fitCommon, fitQuickReply } from './fit-actions.ts';
import { fitCopy } from './fit-copy.ts';
import { fitFlexMessage } from './fit-flex.ts';
import { fitTemplateMessage, templateWords } from './fit-template.ts';
import { isJson, type FitContext, type FitOptions, type FullListPage, type Json } from './fit-types.ts';
import { bubbleLines } from './flex-summary.ts';
import { LINE_LIMITS } from './limits.ts';
import { cutText, splitText, utf16Length } from './text-fit.ts';

export type { BubbleSummariser, FitOptions, FullListPage, PublishFullList, SummaryTools } from './fit-types.ts';

export interface FitResult {
  /** What to send: 0–5 messages LINE accepts (0 when nothing was left to send). */
  readonly messages: LineMessage[];
  /** What had to change, in English for the operator's log; never the owner's words. Empty when nothing did. */
  readonly changes: readonly string[];
}

const MAX_MESSAGES = LINE_LIMITS.messages;
const TEXT_MAX = LINE_LIMITS.text;

/** The messages of one reply or push, made into messages LINE accepts. */
export function fitMessages(messages: readonly LineMessage[], options: FitOptions): FitResult {
  const changes: string[] = [];
  const ctx: FitContext = { ...options, note: (change) => changes.push(change) };
  const sources = messages.map((message) => message as unknown as Json);
  const last = sources.length - 1;
  // The quick reply shows under the last bubble only: it goes on whatever bubble ends up last.
  const quickReply = sources[last]?.['quickReply'];
  const units = sources.flatMap((message, index) => fitMessage(index === last ? withoutQuickReply(message) : message, ctx, `messages[${index}]`));
  const laidOut = layout(units, () => ctx.publish(replyPage(sources)), ctx);
  const fittedQuickReply = quickReply === undefined ? undefined : fitQuickReply(quickReply, ctx, `messages[${last}].quickReply`);
  const final = laidOut.length > 0 && fittedQuickReply !== undefined ? [...laidOut.slice(0, -1), { ...laidOut.at(-1), quickReply: fittedQuickReply }] : laidOut;
  return { messages: final as unknown as LineMessage[], changes: [...new Set(changes)] };
}

function withoutQuickReply(message: Json): Json {
  const { quickReply: _, ...rest } = message;
  return rest;
}

function fitMessage(message: Json, ctx: FitContext, where: string): Json[] {
  if (!isJson(message)) return [message];
  const common = fitCommon(message, ctx, where);
  switch (common['type']) {
    case 'text':
      if (common['text'] !== '') return [common];
      ctx.note(`${where}: empty text left out`);
      return [];
    case 'flex':
      return fitFlexMessage(common, ctx, where);
    case 'template':
      return fitTemplateMessage(common, ctx, where);
    case 'imagemap':
      return [fitImagemap(common, ctx, where)];
    default:
      return [common];
  }
}

function fitImagemap(message: Json, ctx: FitContext, where: string): Json {
  const fitted: Json = { ...message };
  const altText = fitted['altText'];
  if (typeof altText === 'string' && altText.length > LINE_LIMITS.imagemapAltText) {
    fitted['altText'] = cutText(altText, LINE_LIMITS.imagemapAltText, utf16Length);
    ctx.note(`${where}.altText shortened`);
  }
  const actions = fitted['actions'];
  if (Array.isArray(actions) && actions.length > LINE_LIMITS.imagemapActions) {
    fitted['actions'] = actions.slice(0, LINE_LIMITS.imagemapActions);
    ctx.note(`${where}.actions: the first ${LINE_LIMITS.imagemapActions} kept`);
  }
  return fitted;
}

// ——— At most five bubbles ———

function isText(message: Json): message is Json & { text: string } {
  return message['type'] === 'text' && typeof message['text'] === 'string';
}

function layout(units: readonly Json[], linkToReply: () => string, ctx: FitContext): Json[] {
  const bubbles = units.flatMap((unit) => expandText(unit, ctx));
  if (bubbles.length <= MAX_MESSAGES) return bubbles;
  ctx.note(`${bubbles.length} messages; LINE shows ${MAX_MESSAGES} at once`);
  const merged = mergeTexts(units);
  const fewer = merged.flatMap((unit) => expandText(unit, ctx));
  if (fewer.length <= MAX_MESSAGES) return fewer;
  const link = linkToReply();
  return cutTexts(merged, link, ctx) ?? cutInOrder(fewer, link);
}

/** A text over 5,000 characters as several bubbles, split at line breaks. */
function expandText(message: Json, ctx: FitContext): Json[] {
  if (!isText(message) || message.text.length <= TEXT_MAX) return [message];
  const pieces = splitText(message.text, TEXT_MAX);
  ctx.note(`a text of ${message.text.length} characters sent as ${pieces.length} bubbles`);
  return pieces.map((text) => ({ ...withoutEmojis(message), text }));
}

/** LINE emoji are placed by index into the text: they cannot follow it into other pieces. */
function withoutEmojis(message: Json): Json {
  const { emojis: _, ...rest } = message;
  return rest;
}

/** Texts next to each other as one text (a blank line between), to need fewer bubbles. */
function mergeTexts(units: readonly Json[]): Json[] {
  const merged: Json[] = [];
  for (const unit of units) {
    const previous = merged.at(-1);
    if (previous && isText(previous) && isText(unit)) merged[merged.length - 1] = { ...withoutEmojis(previous), text: `${previous.text}\n\n${unit.text}` };
    else merged.push(unit);
  }
  return merged;
}

/**
 * Cards and images are kept; each text gets what bubbles are left (at least one), and a text cut short
 * ends by saying where the rest is. Undefined when there are more texts than bubbles left for them.
 */
function cutTexts(units: readonly Json[], link: string, ctx: FitContext): Json[] | undefined {
  const texts = units.filter(isText).length;
  let free = MAX_MESSAGES - (units.length - texts);
  if (texts === 0 || texts > free) return undefined;
  let textsLeft = texts;
  const out: Json[] = [];
  for (const unit of units) {
    if (!isText(unit)) {
      out.push(unit);
      continue;
    }
    textsLeft -= 1;
    const room = free - textsLeft;
    const pieces = expandText(unit, ctx);
    const kept = pieces.length <= room ? pieces : cutShort(unit, room, link, ctx);
    free -= kept.length;
    out.push(...kept);
  }
  return out;
}

function cutShort(message: Json & { text: string }, bubbles: number, link: string, ctx: FitContext): Json[] {
  const note = fitCopy.textCut(link);
  const pieces = splitText(message.text, TEXT_MAX);
  const rest = pieces.slice(bubbles - 1).join('\n');
  const [head = ''] = splitText(rest, TEXT_MAX - note.length - 2);
  ctx.note(`a text of ${message.text.length} characters cut to ${bubbles} bubbles; the rest is behind a link`);
  const base = withoutEmojis(message);
  return [...pieces.slice(0, bubbles - 1).map((text) => ({ ...base, text })), { ...base, text: `${head}\n\n${note}` }];
}

function cutInOrder(bubbles: readonly Json[], link: string): Json[] {
  return [...bubbles.slice(0, MAX_MESSAGES - 1), { type: 'text', text: fitCopy.moreMessages(link) }];
}

// ——— The whole reply as a page ———

function replyPage(messages: readonly Json[]): FullListPage {
  const lines = messages.flatMap((message, index) => [...(index > 0 ? [''] : []), ...messageLines(message)]);
  return { title: fitCopy.replyPageTitle, lines };
}

function messageLines(message: Json): string[] {
  if (isText(message)) return message.text.split(/\r?\n/);
  const contents = message['contents'];
  if (message['type'] === 'flex' && isJson(contents)) {
    const bubbles = contents['type'] === 'carousel' && Array.isArray(contents['contents']) ? contents['contents'] : [contents];
    return bubbles.flatMap((bubble: unknown) => (isJson(bubble) ? bubbleLines(bubble) : []));
  }
  if (message['type'] === 'template') return templateWords(message['template']);
  const altText = message['altText'];
  return typeof altText === 'string' ? [altText] : [];
}

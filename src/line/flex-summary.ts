// The generic summary of a card too big for LINE. The whole card goes on a web page as text; the card
// keeps its header, footer and buttons, its longest lists keep their first items, and a line under them
// says how many more there are, with a button to the page. A card that cannot be shortened that way
// becomes a small card with its title and the button.
import { fitCopy } from './fit-copy.ts';
import { bytesOf, isJson, type Json, type PublishFullList } from './fit-types.ts';
import { LINE_LIMITS } from './limits.ts';
import { cutText, utf16Length } from './text-fit.ts';

const BLOCKS = ['header', 'hero', 'body', 'footer'] as const;
const MAX = LINE_LIMITS.flexBubbleBytes;
const TITLE_MAX = 200;

export function summariseBubble(bubble: Json, publish: PublishFullList): Json {
  const link = publish({ title: bubbleTitle(bubble), lines: bubbleLines(bubble) });
  return trimmedBubble(bubble, link) ?? minimalBubble(bubble, link);
}

/** What a person reads on the card, one line per row: a row's texts side by side, a column's one under another. */
export function bubbleLines(bubble: Json): string[] {
  return BLOCKS.flatMap((block) => componentLines(bubble[block]));
}

function componentLines(component: unknown): string[] {
  if (!isJson(component)) return [];
  if (component['type'] === 'text') {
    const text = textOf(component);
    return text.length > 0 ? [text] : [];
  }
  if (component['type'] !== 'box') return [];
  const children = childrenOf(component);
  if (component['layout'] === 'vertical') return children.flatMap(componentLines);
  const row = children.flatMap(componentLines).join(' ');
  return row.length > 0 ? [row] : [];
}

function textOf(text: Json): string {
  const spans = text['contents'];
  if (Array.isArray(spans) && spans.length > 0) {
    return spans.map((span: unknown) => (isJson(span) && typeof span['text'] === 'string' ? span['text'] : '')).join('');
  }
  return typeof text['text'] === 'string' ? text['text'] : '';
}

function childrenOf(box: Json): unknown[] {
  return Array.isArray(box['contents']) ? box['contents'] : [];
}

function bubbleTitle(bubble: Json): string {
  const header = isJson(bubble['header']) ? componentLines(bubble['header'])[0] : undefined;
  return cutText(header ?? fitCopy.cardPageTitle, TITLE_MAX, utf16Length);
}

/**
 * A column's repeated children: those of its most common kind (type and layout). Only vertical boxes hold
 * lists; the children of a row are its columns, and a row loses none of them.
 */
interface List {
  readonly box: Json;
  readonly kind: string;
  count: number;
  alive: boolean;
}

function kindOf(component: unknown): string {
  return isJson(component) ? `${String(component['type'])}:${String(component['layout'] ?? '')}` : 'other';
}

function listsIn(box: Json, found: List[] = []): List[] {
  const children = childrenOf(box);
  const counts = new Map<string, number>();
  for (const child of children) counts.set(kindOf(child), (counts.get(kindOf(child)) ?? 0) + 1);
  const [kind, count] = [...counts].reduce<[string, number]>((best, entry) => (entry[1] > best[1] ? entry : best), ['', 0]);
  if (count >= 2 && box['layout'] === 'vertical') found.push({ box, kind, count, alive: true });
  for (const child of children) if (isJson(child) && child['type'] === 'box') listsIn(child, found);
  return found;
}

/** The longest list that can still lose an item (each keeps at least one). */
function longest(lists: readonly List[]): List | undefined {
  return lists.reduce<List | undefined>((best, list) => (list.alive && list.count >= 2 && list.count > (best?.count ?? 1) ? list : best), undefined);
}

function removeLast(list: List, lists: readonly List[]): unknown {
  const children = childrenOf(list.box);
  const index = children.findLastIndex((child) => kindOf(child) === list.kind);
  const [removed] = children.splice(index, 1);
  list.count -= 1;
  const inside = new Set(isJson(removed) ? boxesIn(removed) : []);
  for (const other of lists) if (inside.has(other.box)) other.alive = false;
  return removed;
}

function boxesIn(component: Json): Json[] {
  if (component['type'] !== 'box') return [];
  return [component, ...childrenOf(component).flatMap((child) => (isJson(child) ? boxesIn(child) : []))];
}

/**
 * The items a removed component showed: a row (a box without boxes inside) is one, a column of texts one
 * per text, a group (a heading over rows) its rows.
 */
function rowsOf(component: unknown): number {
  if (!isJson(component)) return 0;
  if (component['type'] === 'text') return 1;
  if (component['type'] !== 'box') return 0;
  const children = childrenOf(component);
  const boxes = children.filter((child) => isJson(child) && child['type'] === 'box');
  if (boxes.length > 0) return boxes.reduce<number>((sum, box) => sum + rowsOf(box), 0);
  if (component['layout'] !== 'vertical') return 1;
  return children.filter((child) => isJson(child) && child['type'] === 'text').length;
}

function trimmedBubble(bubble: Json, link: string): Json | undefined {
  const trimmed = structuredClone(bubble);
  const body = trimmed['body'];
  if (!isJson(body) || body['type'] !== 'box') return undefined;
  const lists = listsIn(body);
  let removed = 0;
  let size = bytesOf(trimmed) + bytesOf(noteComponents(rowsOf(body), link));
  for (;;) {
    if (size <= MAX) {
      const noted = withNote(trimmed, body, removed, link);
      size = bytesOf(noted);
      if (size <= MAX) return noted;
    }
    const list = longest(lists);
    if (!list) return undefined;
    const child = removeLast(list, lists);
    size -= bytesOf(child) + 1;
    removed += rowsOf(child);
  }
}

function withNote(bubble: Json, body: Json, removed: number, link: string): Json {
  return { ...bubble, body: { ...body, contents: [...childrenOf(body), ...noteComponents(removed, link)] } };
}

function noteComponents(removed: number, link: string): Json[] {
  return [
    { type: 'text', text: removed > 0 ? fitCopy.moreItems(removed) : fitCopy.tooBigCard, wrap: true, size: 'sm', margin: 'lg' },
    linkButton(link),
  ];
}

function linkButton(link: string): Json {
  return { type: 'button', style: 'link', height: 'sm', action: { type: 'uri', label: fitCopy.fullListButton, uri: link } };
}

function minimalBubble(bubble: Json, link: string): Json {
  const title = { type: 'text', text: bubbleTitle(bubble), weight: 'bold', wrap: true };
  const note = { type: 'text', text: fitCopy.tooBigCard, wrap: true, size: 'sm', margin: 'md' };
  const small: Json = {
    type: 'bubble',
    ...(bubble['size'] !== undefined ? { size: bubble['size'] } : {}),
    body: { type: 'box', layout: 'vertical', contents: [title, note, linkButton(link)] },
  };
  const withFooter = bubble['footer'] !== undefined ? { ...small, footer: bubble['footer'] } : small;
  return bytesOf(withFooter) <= MAX ? withFooter : small;
}

// Reading a bot message the way a person sees it: its text, and the buttons one could tap.
import { isRecord, stringOf, type JsonRecord } from './json.ts';
import type { ActionInfo, BotMessage } from './types.ts';

const ACTION_KEYS = ['action', 'defaultAction'] as const;
const BUBBLE_BLOCKS = ['header', 'hero', 'body', 'footer'] as const;

/** Every action of a message, in reading order: template and Flex buttons first, then quick replies. */
export function actionsOf(message: BotMessage): ActionInfo[] {
  const { quickReply, ...content } = message;
  const found: ActionInfo[] = [];
  collectActions(content, found);
  collectActions(quickReply, found);
  return found;
}

function collectActions(value: unknown, found: ActionInfo[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectActions(item, found);
    return;
  }
  if (!isRecord(value)) return;
  for (const key of ACTION_KEYS) {
    const action = value[key];
    if (isRecord(action)) found.push(describeAction(action));
  }
  if (Array.isArray(value['actions'])) {
    for (const action of value['actions']) if (isRecord(action)) found.push(describeAction(action));
  }
  for (const [key, child] of Object.entries(value)) {
    if (key !== 'actions' && !(ACTION_KEYS as readonly string[]).includes(key)) collectActions(child, found);
  }
}

function describeAction(action: JsonRecord): ActionInfo {
  const optional = {
    data: stringOf(action['data']),
    text: stringOf(action['text']),
    displayText: stringOf(action['displayText']),
    // Imagemap actions name their link `linkUri`.
    uri: stringOf(action['uri']) ?? stringOf(action['linkUri']),
    mode: stringOf(action['mode']),
    initial: stringOf(action['initial']),
  };
  const defined = Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined));
  return { label: stringOf(action['label']) ?? '', type: stringOf(action['type']) ?? '', ...defined };
}

/** The words of a message: a text's text, a Flex message's text nodes one per line, a template's title and text. */
export function textOf(message: BotMessage): string {
  switch (message.type) {
    case 'text':
    case 'textV2':
      return message.text;
    case 'flex':
      return flexTexts(message.contents).join('\n');
    case 'template':
      return templateTexts(message.template).join('\n');
    default:
      return '';
  }
}

function flexTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(flexTexts);
  if (!isRecord(node)) return [];
  if (node['type'] === 'text') return [textNodeText(node)];
  if (node['type'] === 'bubble') return BUBBLE_BLOCKS.flatMap((block) => flexTexts(node[block]));
  return flexTexts(node['contents']);
}

/** A text node shows its spans when it has them, otherwise its `text`. */
function textNodeText(node: JsonRecord): string {
  const spans = node['contents'];
  if (Array.isArray(spans) && spans.length > 0) {
    return spans.map((span) => (isRecord(span) ? stringOf(span['text']) ?? '' : '')).join('');
  }
  return stringOf(node['text']) ?? '';
}

function templateTexts(template: unknown): string[] {
  if (!isRecord(template)) return [];
  const own = [stringOf(template['title']), stringOf(template['text'])].filter((text): text is string => text !== undefined);
  const columns = Array.isArray(template['columns']) ? template['columns'] : [];
  return [...own, ...columns.flatMap(templateTexts)];
}

// Flex Message rules: altText, the carousel's 12 bubbles, the JSON size caps, and every action and image inside.
import type { Problems } from './errors.ts';
import { checkArray, checkRecord, checkText, isRecord, type JsonRecord } from './json.ts';
import { validateAction, type LabelRule } from './validate-actions.ts';
import { checkImageUrl, checkMediaUrl } from './validate-urls.ts';

export const FLEX_ALT_TEXT_MAX = 1500;
export const CAROUSEL_BUBBLES_MAX = 12;
const BUBBLE_BYTES_MAX = 30_000;
const CAROUSEL_BYTES_MAX = 50_000;

const BUTTON_LABEL: LabelRule = { required: true, max: 40 };
const OTHER_LABEL: LabelRule = { required: false, max: 40 };
const BUBBLE_BLOCKS = ['header', 'hero', 'body', 'footer'] as const;
const COMPONENT_TYPES = ['box', 'button', 'image', 'video', 'icon', 'text', 'span', 'separator', 'filler'];

export function validateFlexMessage(message: JsonRecord, path: string, problems: Problems): void {
  checkText(message['altText'], `${path}.altText`, FLEX_ALT_TEXT_MAX, problems);
  const contents = checkRecord(message['contents'], `${path}.contents`, problems);
  if (contents) validateContainer(contents, `${path}.contents`, problems);
}

function validateContainer(container: JsonRecord, path: string, problems: Problems): void {
  if (container['type'] === 'bubble') {
    validateBubble(container, path, problems);
  } else if (container['type'] === 'carousel') {
    validateCarousel(container, path, problems);
  } else {
    problems.push({ property: `${path}.type`, message: 'Must be one of the following values: [bubble, carousel]' });
  }
}

function validateCarousel(carousel: JsonRecord, path: string, problems: Problems): void {
  checkSize(carousel, path, CAROUSEL_BYTES_MAX, problems);
  const bubbles = checkArray(carousel['contents'], `${path}.contents`, 1, CAROUSEL_BUBBLES_MAX, problems);
  bubbles.forEach((bubble, index) => {
    const where = `${path}.contents[${index}]`;
    if (isRecord(bubble) && bubble['type'] === 'bubble') validateBubble(bubble, where, problems);
    else problems.push({ property: `${where}.type`, message: 'Must be one of the following values: [bubble]' });
  });
}

function validateBubble(bubble: JsonRecord, path: string, problems: Problems): void {
  checkSize(bubble, path, BUBBLE_BYTES_MAX, problems);
  if (bubble['action'] !== undefined) validateAction(bubble['action'], `${path}.action`, OTHER_LABEL, problems);
  for (const block of BUBBLE_BLOCKS) {
    const component = bubble[block];
    if (component !== undefined) validateComponent(component, `${path}.${block}`, problems);
  }
}

function validateComponent(component: unknown, path: string, problems: Problems): void {
  if (!isRecord(component)) {
    problems.push({ property: path, message: 'must be an object' });
    return;
  }
  const type = component['type'];
  if (typeof type !== 'string' || !COMPONENT_TYPES.includes(type)) {
    problems.push({ property: `${path}.type`, message: `Must be one of the following values: [${COMPONENT_TYPES.join(', ')}]` });
    return;
  }
  validateComponentFields(type, component, path, problems);
}

function validateComponentFields(type: string, component: JsonRecord, path: string, problems: Problems): void {
  if (type === 'button') validateAction(component['action'], `${path}.action`, BUTTON_LABEL, problems);
  else if (component['action'] !== undefined) validateAction(component['action'], `${path}.action`, OTHER_LABEL, problems);
  if (type === 'image') checkImageUrl(component['url'], `${path}.url`, problems);
  if (type === 'icon') checkMediaUrl(component['url'], `${path}.url`, problems);
  if (type === 'text' && typeof component['text'] !== 'string' && !Array.isArray(component['contents'])) {
    problems.push({ property: `${path}.text`, message: 'must be specified' });
  }
  if (type === 'box') {
    const children = checkArray(component['contents'], `${path}.contents`, 0, Number.MAX_SAFE_INTEGER, problems);
    children.forEach((child, index) => validateComponent(child, `${path}.contents[${index}]`, problems));
  }
}

function checkSize(container: JsonRecord, path: string, max: number, problems: Problems): void {
  const bytes = Buffer.byteLength(JSON.stringify(container), 'utf8');
  if (bytes > max) problems.push({ property: path, message: `JSON size must be at most ${max} bytes (was ${bytes})` });
}

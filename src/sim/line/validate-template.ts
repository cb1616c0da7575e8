// Template message rules (buttons, confirm, carousel, image carousel). Titles and texts are counted in
// grapheme clusters, altText in UTF-16 units, as LINE counts them.
import type { Problems } from './errors.ts';
import { checkArray, checkGraphemeText, checkOptionalGraphemeText, checkRecord, checkText, isRecord, type JsonRecord } from './json.ts';
import { validateAction, type LabelRule } from './validate-actions.ts';
import { checkImageUrl } from './validate-urls.ts';

export const TEMPLATE_ALT_TEXT_MAX = 400;
const LABEL: LabelRule = { required: true, max: 20 };
const IMAGE_CAROUSEL_LABEL: LabelRule = { required: false, max: 12 };
const DEFAULT_ACTION_LABEL: LabelRule = { required: false, max: 20 };
const TEMPLATE_TYPES = ['buttons', 'confirm', 'carousel', 'image_carousel'];

export function validateTemplateMessage(message: JsonRecord, path: string, problems: Problems): void {
  checkText(message['altText'], `${path}.altText`, TEMPLATE_ALT_TEXT_MAX, problems);
  const template = checkRecord(message['template'], `${path}.template`, problems);
  if (template) validateTemplate(template, `${path}.template`, problems);
}

function validateTemplate(template: JsonRecord, path: string, problems: Problems): void {
  switch (template['type']) {
    case 'buttons':
      validateTextColumn(template, path, 160, 4, problems);
      return;
    case 'confirm':
      checkGraphemeText(template['text'], `${path}.text`, 240, problems);
      checkActions(template['actions'], `${path}.actions`, 2, 2, problems);
      return;
    case 'carousel':
      validateCarousel(template, path, problems);
      return;
    case 'image_carousel':
      validateImageCarousel(template, path, problems);
      return;
    default:
      problems.push({ property: `${path}.type`, message: `Must be one of the following values: [${TEMPLATE_TYPES.join(', ')}]` });
  }
}

/** A buttons template or a carousel column: the text may be shorter once an image or title takes room. */
function validateTextColumn(column: JsonRecord, path: string, textMax: number, actionsMax: number, problems: Problems): number {
  const crowded = column['title'] !== undefined || column['thumbnailImageUrl'] !== undefined;
  checkGraphemeText(column['text'], `${path}.text`, crowded ? 60 : textMax, problems);
  checkOptionalGraphemeText(column['title'], `${path}.title`, 40, problems);
  checkImageUrl(column['thumbnailImageUrl'], `${path}.thumbnailImageUrl`, problems, false);
  if (column['defaultAction'] !== undefined) {
    validateAction(column['defaultAction'], `${path}.defaultAction`, DEFAULT_ACTION_LABEL, problems);
  }
  return checkActions(column['actions'], `${path}.actions`, 1, actionsMax, problems);
}

function checkActions(value: unknown, path: string, min: number, max: number, problems: Problems): number {
  const actions = checkArray(value, path, min, max, problems);
  actions.forEach((action, index) => validateAction(action, `${path}[${index}]`, LABEL, problems));
  return actions.length;
}

function validateCarousel(template: JsonRecord, path: string, problems: Problems): void {
  const columns = checkArray(template['columns'], `${path}.columns`, 1, 10, problems);
  const counts = columns.map((column, index) =>
    validateTextColumn(isRecord(column) ? column : {}, `${path}.columns[${index}]`, 120, 3, problems),
  );
  // LINE refuses a carousel whose columns carry different numbers of actions.
  if (new Set(counts).size > 1) {
    problems.push({ property: `${path}.columns`, message: 'every column must have the same number of actions' });
  }
}

function validateImageCarousel(template: JsonRecord, path: string, problems: Problems): void {
  const columns = checkArray(template['columns'], `${path}.columns`, 1, 10, problems);
  columns.forEach((value, index) => {
    const where = `${path}.columns[${index}]`;
    const column = isRecord(value) ? value : {};
    checkImageUrl(column['imageUrl'], `${where}.imageUrl`, problems);
    validateAction(column['action'], `${where}.action`, IMAGE_CAROUSEL_LABEL, problems);
  });
}

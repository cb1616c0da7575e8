// Template messages: altText, titles, texts, labels and the number of actions and columns. A text that
// had to be shortened is sent in full as a text message just before the template, so nothing is lost;
// a template left without the actions it needs becomes that text alone.
import { fitAction } from './fit-actions.ts';
import { fitCopy } from './fit-copy.ts';
import { isJson, type FitContext, type Json } from './fit-types.ts';
import { LINE_LIMITS } from './limits.ts';
import { codePointLength, cutText, utf16Length } from './text-fit.ts';

interface TemplateFit {
  readonly template: Json | undefined;
  /** The full words of every text that was shortened. */
  readonly shortened: string[];
}

/** The template message fitted: a text message with shortened words first, or only text when it cannot be kept. */
export function fitTemplateMessage(message: Json, ctx: FitContext, where: string): Json[] {
  const template = message['template'];
  if (!isJson(template)) return [message];
  const { quickReply, ...rest } = message;
  const altText = fitTemplateAltText(message, ctx, where);
  const fitted = fitTemplate(template, ctx, `${where}.template`);
  const words = templateWords(template);
  if (!fitted.template) {
    ctx.note(`${where}: template sent as text (its actions could not be kept)`);
    return [{ type: 'text', text: words.join('\n') || altText, ...(quickReply !== undefined ? { quickReply } : {}) }];
  }
  const lead = fitted.shortened.length > 0 ? [{ type: 'text', text: fitted.shortened.join('\n') }] : [];
  const columns = fitted.template['columns'];
  const groups = Array.isArray(columns) ? groupsOf(columns, LINE_LIMITS.templateColumns) : [undefined];
  if (groups.length > 1) ctx.note(`${where}: ${Array.isArray(columns) ? columns.length : 0} columns sent as ${groups.length} templates`);
  return [
    ...lead,
    ...groups.map((group, index) => ({
      ...rest,
      altText,
      template: group ? { ...fitted.template, columns: group } : fitted.template,
      ...(index === groups.length - 1 && quickReply !== undefined ? { quickReply } : {}),
    })),
  ];
}

function fitTemplateAltText(message: Json, ctx: FitContext, where: string): string {
  const altText = message['altText'];
  if (typeof altText === 'string' && altText.length > 0 && altText.length <= LINE_LIMITS.templateAltText) return altText;
  ctx.note(`${where}.altText ${typeof altText === 'string' && altText.length > 0 ? 'shortened' : 'was missing'}`);
  const source = typeof altText === 'string' && altText.length > 0 ? altText : (templateWords(message['template'])[0] ?? fitCopy.defaultAltText);
  return cutText(source, LINE_LIMITS.templateAltText, utf16Length);
}

function fitTemplate(template: Json, ctx: FitContext, where: string): TemplateFit {
  const shortened: string[] = [];
  switch (template['type']) {
    case 'buttons': {
      const fitted = fitColumn(template, LINE_LIMITS.buttonsText, LINE_LIMITS.buttonsActions, ctx, where, shortened);
      return { template: fitted, shortened };
    }
    case 'confirm': {
      const text = cutWords(template['text'], LINE_LIMITS.confirmText, ctx, `${where}.text`, shortened);
      const actions = fitActions(template['actions'], LINE_LIMITS.templateLabel, 2, ctx, where);
      return { template: actions.length === 2 ? { ...template, text, actions } : undefined, shortened };
    }
    case 'carousel':
      return { template: fitCarousel(template, ctx, where, shortened), shortened };
    case 'image_carousel':
      return { template: fitImageCarousel(template, ctx, where), shortened };
    default:
      return { template, shortened };
  }
}

function fitColumn(column: Json, textMax: number, actionsMax: number, ctx: FitContext, where: string, shortened: string[]): Json | undefined {
  const crowded = column['title'] !== undefined || column['thumbnailImageUrl'] !== undefined;
  const fitted: Json = { ...column };
  if (fitted['title'] !== undefined) fitted['title'] = cutWords(fitted['title'], LINE_LIMITS.templateTitle, ctx, `${where}.title`, shortened);
  fitted['text'] = cutWords(fitted['text'], crowded ? LINE_LIMITS.crowdedText : textMax, ctx, `${where}.text`, shortened);
  if (fitted['defaultAction'] !== undefined) {
    const action = fitAction(fitted['defaultAction'], LINE_LIMITS.templateLabel, ctx, `${where}.defaultAction`);
    if (action) fitted['defaultAction'] = action;
    else delete fitted['defaultAction'];
  }
  const actions = fitActions(fitted['actions'], LINE_LIMITS.templateLabel, actionsMax, ctx, where);
  return actions.length > 0 ? { ...fitted, actions } : undefined;
}

function fitCarousel(template: Json, ctx: FitContext, where: string, shortened: string[]): Json | undefined {
  const columns = Array.isArray(template['columns']) ? template['columns'] : [];
  const fitted = columns.map((column: unknown, index) =>
    isJson(column) ? fitColumn(column, LINE_LIMITS.carouselText, LINE_LIMITS.carouselActions, ctx, `${where}.columns[${index}]`, shortened) : undefined,
  );
  // LINE refuses columns with different numbers of actions.
  const counts = new Set(fitted.map((column) => (Array.isArray(column?.['actions']) ? column['actions'].length : 0)));
  if (fitted.length === 0 || fitted.some((column) => column === undefined) || counts.size > 1) return undefined;
  return { ...template, columns: fitted };
}

function fitImageCarousel(template: Json, ctx: FitContext, where: string): Json | undefined {
  const columns = Array.isArray(template['columns']) ? template['columns'] : [];
  const fitted = columns.flatMap((column: unknown, index) => {
    if (!isJson(column)) return [column];
    const action = fitAction(column['action'], LINE_LIMITS.imageCarouselLabel, ctx, `${where}.columns[${index}].action`);
    return action ? [{ ...column, action }] : [];
  });
  return fitted.length > 0 ? { ...template, columns: fitted } : undefined;
}

function fitActions(actions: unknown, labelMax: number, max: number, ctx: FitContext, where: string): Json[] {
  const list = Array.isArray(actions) ? actions : [];
  const fitted = list.flatMap((action: unknown, index) => {
    const kept = fitAction(action, labelMax, ctx, `${where}.actions[${index}]`);
    return kept ? [kept] : [];
  });
  if (fitted.length > max) ctx.note(`${where}.actions: ${fitted.length}, the first ${max} kept`);
  return fitted.slice(0, max);
}

function cutWords(value: unknown, max: number, ctx: FitContext, where: string, shortened: string[]): unknown {
  if (typeof value !== 'string' || codePointLength(value) <= max) return value;
  ctx.note(`${where} shortened to ${max}`);
  shortened.push(value);
  return cutText(value, max, codePointLength);
}

/** Every title and text of a template, in reading order. */
export function templateWords(template: unknown): string[] {
  if (!isJson(template)) return [];
  const own = [template['title'], template['text']].filter((word): word is string => typeof word === 'string' && word.length > 0);
  const columns = Array.isArray(template['columns']) ? template['columns'] : [];
  return [...own, ...columns.flatMap(templateWords)];
}

function groupsOf<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let start = 0; start < items.length; start += size) groups.push(items.slice(start, start + size));
  return groups.length > 0 ? groups : [[]];
}

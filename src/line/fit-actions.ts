// Actions (buttons, quick replies): labels and texts are shortened; an action whose machine part LINE
// would refuse (postback data over 300, a URI too long or of another scheme) cannot be shortened without
// doing something else when tapped, so it is left out, and the change is noted.
import { isJson, type FitContext, type Json } from './fit-types.ts';
import { LINE_LIMITS, URI_SCHEMES } from './limits.ts';
import { codePointLength, cutText, utf16Length } from './text-fit.ts';

/** The action fitted, or undefined when it cannot be kept. */
export function fitAction(action: unknown, labelMax: number, ctx: FitContext, where: string): Json | undefined {
  if (!isJson(action)) return undefined;
  const fitted: Json = { ...action };
  cutField(fitted, 'label', labelMax, ctx, where);
  switch (fitted['type']) {
    case 'postback':
      cutField(fitted, 'displayText', LINE_LIMITS.actionText, ctx, where);
      cutField(fitted, 'text', LINE_LIMITS.actionText, ctx, where);
      return dataFits(fitted, ctx, where) ? fitted : undefined;
    case 'datetimepicker':
    case 'richmenuswitch':
      return dataFits(fitted, ctx, where) ? fitted : undefined;
    case 'message':
      cutField(fitted, 'text', LINE_LIMITS.actionText, ctx, where);
      return fitted;
    case 'uri':
      return fitUriAction(fitted, ctx, where);
    case 'clipboard':
      cutField(fitted, 'clipboardText', LINE_LIMITS.clipboardText, ctx, where, utf16Length);
      return fitted;
    default:
      return fitted;
  }
}

function cutField(action: Json, key: string, max: number, ctx: FitContext, where: string, measure = codePointLength): void {
  const value = action[key];
  if (typeof value !== 'string' || measure(value) <= max) return;
  action[key] = cutText(value, max, measure);
  ctx.note(`${where}.${key} shortened to ${max}`);
}

function dataFits(action: Json, ctx: FitContext, where: string): boolean {
  const data = action['data'];
  if (typeof data !== 'string' || data.length <= LINE_LIMITS.postbackData) return true;
  ctx.note(`${where} left out: postback data of ${data.length} over ${LINE_LIMITS.postbackData}`);
  return false;
}

function fitUriAction(action: Json, ctx: FitContext, where: string): Json | undefined {
  if (!usableUri(action['uri'])) {
    ctx.note(`${where} left out: its uri is too long or not http, https, line or tel`);
    return undefined;
  }
  const altUri = action['altUri'];
  if (altUri !== undefined && !(isJson(altUri) && usableUri(altUri['desktop']))) {
    delete action['altUri'];
    ctx.note(`${where}.altUri left out`);
  }
  return action;
}

export function usableUri(uri: unknown): boolean {
  if (typeof uri !== 'string' || uri.length === 0 || uri.length > LINE_LIMITS.uri) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase();
  return scheme !== undefined && URI_SCHEMES.has(scheme);
}

/** At most 13 usable items; undefined when none is left (a quick reply needs one). */
export function fitQuickReply(quickReply: unknown, ctx: FitContext, where: string): unknown {
  if (!isJson(quickReply) || !Array.isArray(quickReply['items'])) return quickReply;
  const usable = quickReply['items'].flatMap((item: unknown, index) => {
    if (!isJson(item)) return [item];
    const action = fitAction(item['action'], LINE_LIMITS.quickReplyLabel, ctx, `${where}.items[${index}].action`);
    return action ? [{ ...item, action }] : [];
  });
  if (usable.length > LINE_LIMITS.quickReplyItems) {
    ctx.note(`${where}: ${usable.length} items, the first ${LINE_LIMITS.quickReplyItems} kept`);
  }
  const items = usable.slice(0, LINE_LIMITS.quickReplyItems);
  return items.length > 0 ? { ...quickReply, items } : undefined;
}

/** The parts every message type shares: its quick reply and sender. */
export function fitCommon(message: Json, ctx: FitContext, where: string): Json {
  const fitted: Json = { ...message };
  if (fitted['quickReply'] !== undefined) {
    const quickReply = fitQuickReply(fitted['quickReply'], ctx, `${where}.quickReply`);
    if (quickReply === undefined) delete fitted['quickReply'];
    else fitted['quickReply'] = quickReply;
  }
  const sender = fitted['sender'];
  if (isJson(sender) && typeof sender['name'] === 'string' && sender['name'].length > LINE_LIMITS.senderName) {
    fitted['sender'] = { ...sender, name: cutText(sender['name'], LINE_LIMITS.senderName, utf16Length) };
    ctx.note(`${where}.sender.name shortened`);
  }
  return fitted;
}

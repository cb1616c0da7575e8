// The message objects of a reply or push, checked against the limits LINE refuses with 400.
import type { Problems } from './errors.ts';
import { checkArray, checkOptionalText, checkText, isRecord, type JsonRecord } from './json.ts';
import { validateAction } from './validate-actions.ts';
import { validateFlexMessage } from './validate-flex.ts';
import { validateTemplateMessage } from './validate-template.ts';
import { checkImageUrl, checkMediaUrl } from './validate-urls.ts';

export const MESSAGES_MIN = 1;
export const MESSAGES_MAX = 5;
export const TEXT_MAX = 5000;
export const QUICK_REPLY_MAX = 13;

export const MESSAGE_TYPES = [
  'text',
  'textV2',
  'sticker',
  'image',
  'video',
  'audio',
  'location',
  'imagemap',
  'template',
  'flex',
  'coupon',
] as const;

/** Checks `messages` of a request body; every problem lands in `problems` with LINE's property path. */
export function validateMessages(value: unknown, problems: Problems): void {
  const messages = checkArray(value, 'messages', MESSAGES_MIN, MESSAGES_MAX, problems);
  messages.forEach((message, index) => validateMessage(message, `messages[${index}]`, problems));
}

function validateMessage(value: unknown, path: string, problems: Problems): void {
  if (!isRecord(value)) {
    problems.push({ property: path, message: 'must be an object' });
    return;
  }
  validateByType(value, path, problems);
  if (value['quickReply'] !== undefined) validateQuickReply(value['quickReply'], `${path}.quickReply`, problems);
  if (value['sender'] !== undefined) validateSender(value['sender'], `${path}.sender`, problems);
}

function validateByType(message: JsonRecord, path: string, problems: Problems): void {
  switch (message['type']) {
    case 'text':
    case 'textV2':
      checkText(message['text'], `${path}.text`, TEXT_MAX, problems);
      return;
    case 'image':
      checkImageUrl(message['originalContentUrl'], `${path}.originalContentUrl`, problems);
      checkImageUrl(message['previewImageUrl'], `${path}.previewImageUrl`, problems);
      return;
    case 'video':
      checkMediaUrl(message['originalContentUrl'], `${path}.originalContentUrl`, problems);
      checkImageUrl(message['previewImageUrl'], `${path}.previewImageUrl`, problems);
      return;
    case 'audio':
      checkMediaUrl(message['originalContentUrl'], `${path}.originalContentUrl`, problems);
      checkNumber(message['duration'], `${path}.duration`, problems);
      return;
    default:
      validateOtherTypes(message, path, problems);
  }
}

function validateOtherTypes(message: JsonRecord, path: string, problems: Problems): void {
  switch (message['type']) {
    case 'template':
      validateTemplateMessage(message, path, problems);
      return;
    case 'flex':
      validateFlexMessage(message, path, problems);
      return;
    case 'location':
      checkText(message['title'], `${path}.title`, 100, problems);
      checkText(message['address'], `${path}.address`, 100, problems);
      checkNumber(message['latitude'], `${path}.latitude`, problems);
      checkNumber(message['longitude'], `${path}.longitude`, problems);
      return;
    case 'sticker':
      checkText(message['packageId'], `${path}.packageId`, 100, problems);
      checkText(message['stickerId'], `${path}.stickerId`, 100, problems);
      return;
    default:
      validateRareTypes(message, path, problems);
  }
}

function validateRareTypes(message: JsonRecord, path: string, problems: Problems): void {
  switch (message['type']) {
    case 'imagemap':
      checkText(message['altText'], `${path}.altText`, 1500, problems);
      checkMediaUrl(message['baseUrl'], `${path}.baseUrl`, problems);
      checkArray(message['actions'], `${path}.actions`, 1, 50, problems);
      return;
    case 'coupon':
      checkText(message['couponId'], `${path}.couponId`, 100, problems);
      return;
    default:
      problems.push({
        property: `${path}.type`,
        message: `Must be one of the following values: [${MESSAGE_TYPES.join(', ')}]`,
      });
  }
}

function validateQuickReply(value: unknown, path: string, problems: Problems): void {
  if (!isRecord(value)) {
    problems.push({ property: path, message: 'must be an object' });
    return;
  }
  const items = checkArray(value['items'], `${path}.items`, 1, QUICK_REPLY_MAX, problems);
  items.forEach((item, index) => validateQuickReplyItem(item, `${path}.items[${index}]`, problems));
}

function validateQuickReplyItem(value: unknown, path: string, problems: Problems): void {
  const item = isRecord(value) ? value : {};
  if (item['type'] !== 'action') problems.push({ property: `${path}.type`, message: 'Must be one of the following values: [action]' });
  checkImageUrl(item['imageUrl'], `${path}.imageUrl`, problems, false);
  validateAction(item['action'], `${path}.action`, { required: true, max: 20 }, problems);
}

function validateSender(value: unknown, path: string, problems: Problems): void {
  const sender = isRecord(value) ? value : {};
  checkOptionalText(sender['name'], `${path}.name`, 20, problems);
  checkImageUrl(sender['iconUrl'], `${path}.iconUrl`, problems, false);
}

function checkNumber(value: unknown, property: string, problems: Problems): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) problems.push({ property, message: 'must be a number' });
}

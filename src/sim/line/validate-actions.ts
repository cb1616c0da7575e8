// Action objects (buttons, quick replies, rich menu areas): the limits LINE refuses with 400.
import type { Problems } from './errors.ts';
import { checkGraphemeText, checkOptionalGraphemeText, checkText, isRecord } from './json.ts';
import { checkActionUri } from './validate-urls.ts';

export interface LabelRule {
  readonly required: boolean;
  /** 20 for quick replies, templates and rich menus; 12 for image carousels; 40 for Flex. Counted in grapheme clusters. */
  readonly max: number;
}

export const ACTION_TYPES = [
  'postback',
  'message',
  'uri',
  'datetimepicker',
  'camera',
  'cameraRoll',
  'location',
  'richmenuswitch',
  'clipboard',
] as const;

const DATA_MAX = 300;
const TEXT_MAX = 300;

export function validateAction(value: unknown, path: string, label: LabelRule, problems: Problems): void {
  if (!isRecord(value)) {
    problems.push({ property: path, message: 'must be specified' });
    return;
  }
  if (label.required) checkGraphemeText(value['label'], `${path}.label`, label.max, problems);
  else checkOptionalGraphemeText(value['label'], `${path}.label`, label.max, problems);
  checkByType(value, path, problems);
}

function checkByType(action: Readonly<Record<string, unknown>>, path: string, problems: Problems): void {
  const type = action['type'];
  switch (type) {
    case 'postback':
      checkText(action['data'], `${path}.data`, DATA_MAX, problems);
      checkOptionalGraphemeText(action['displayText'], `${path}.displayText`, TEXT_MAX, problems);
      checkOptionalGraphemeText(action['text'], `${path}.text`, TEXT_MAX, problems);
      if (action['displayText'] !== undefined && action['text'] !== undefined) {
        problems.push({ property: `${path}.text`, message: 'displayText and text cannot both be set' });
      }
      return;
    case 'message':
      checkGraphemeText(action['text'], `${path}.text`, TEXT_MAX, problems);
      return;
    case 'uri':
      checkActionUri(action['uri'], `${path}.uri`, problems);
      checkAltUri(action['altUri'], `${path}.altUri`, problems);
      return;
    case 'datetimepicker':
      checkDatetimePicker(action, path, problems);
      return;
    case 'richmenuswitch':
      checkText(action['richMenuAliasId'], `${path}.richMenuAliasId`, 32, problems);
      checkText(action['data'], `${path}.data`, DATA_MAX, problems);
      return;
    case 'clipboard':
      checkText(action['clipboardText'], `${path}.clipboardText`, 1000, problems);
      return;
    case 'camera':
    case 'cameraRoll':
    case 'location':
      return;
    default:
      problems.push({
        property: `${path}.type`,
        message: `Must be one of the following values: [${ACTION_TYPES.join(', ')}]`,
      });
  }
}

function checkDatetimePicker(action: Readonly<Record<string, unknown>>, path: string, problems: Problems): void {
  checkText(action['data'], `${path}.data`, DATA_MAX, problems);
  const mode = action['mode'];
  if (mode !== 'date' && mode !== 'time' && mode !== 'datetime') {
    problems.push({ property: `${path}.mode`, message: 'Must be one of the following values: [date, time, datetime]' });
  }
}

function checkAltUri(value: unknown, path: string, problems: Problems): void {
  if (value === undefined) return;
  if (!isRecord(value)) {
    problems.push({ property: path, message: 'must be an object' });
    return;
  }
  checkActionUri(value['desktop'], `${path}.desktop`, problems);
}

// Rich menu objects and their images, checked as LINE checks them.
import type { Problems } from './errors.ts';
import { checkArray, checkGraphemeText, checkRecord, isRecord, type JsonRecord } from './json.ts';
import { imageSize, type PixelSize } from './image-size.ts';
import { validateAction } from './validate-actions.ts';

export const RICH_MENU_IMAGE_BYTES_MAX = 1024 * 1024;
export const RICH_MENU_IMAGE_TYPES = ['image/png', 'image/jpeg'];

export function validateRichMenu(body: JsonRecord, problems: Problems): void {
  const size = checkRecord(body['size'], 'size', problems);
  if (size) checkMenuSize(size, problems);
  if (typeof body['selected'] !== 'boolean') problems.push({ property: 'selected', message: 'must be specified' });
  // Both counted in grapheme clusters, as LINE counts them.
  checkGraphemeText(body['name'], 'name', 300, problems);
  checkGraphemeText(body['chatBarText'], 'chatBarText', 14, problems);
  const areas = checkArray(body['areas'], 'areas', 1, 20, problems);
  areas.forEach((area, index) => checkArea(area, `areas[${index}]`, problems));
}

function checkMenuSize(size: JsonRecord, problems: Problems): void {
  const width = size['width'];
  const height = size['height'];
  if (typeof width !== 'number' || width < 800 || width > 2500) {
    problems.push({ property: 'size.width', message: 'must be between 800 and 2500' });
  }
  if (typeof height !== 'number' || height < 250) problems.push({ property: 'size.height', message: 'must be at least 250' });
  if (typeof width === 'number' && typeof height === 'number' && width / height < 1.45) {
    problems.push({ property: 'size', message: 'width / height must be at least 1.45' });
  }
}

function checkArea(value: unknown, path: string, problems: Problems): void {
  const area = isRecord(value) ? value : {};
  const bounds = checkRecord(area['bounds'], `${path}.bounds`, problems);
  for (const key of ['x', 'y', 'width', 'height']) {
    if (bounds && typeof bounds[key] !== 'number') problems.push({ property: `${path}.bounds.${key}`, message: 'must be a number' });
  }
  validateAction(area['action'], `${path}.action`, { required: false, max: 20 }, problems);
}

/** Why LINE would refuse this upload, or undefined when it is fine. */
export function richMenuImageProblem(bytes: Buffer, contentType: string, menuSize: PixelSize): string | undefined {
  if (!RICH_MENU_IMAGE_TYPES.includes(contentType)) return `The content type '${contentType}' is not supported (image/png or image/jpeg)`;
  if (bytes.length > RICH_MENU_IMAGE_BYTES_MAX) return 'The image must be 1 MB or smaller';
  const size = imageSize(bytes, contentType);
  if (!size) return `The body is not a valid ${contentType} image`;
  if (size.width !== menuSize.width || size.height !== menuSize.height) {
    return `The image is ${size.width}x${size.height} but the rich menu is ${menuSize.width}x${menuSize.height}`;
  }
  return undefined;
}

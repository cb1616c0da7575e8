// URL rules of the Messaging API: action URIs and media URLs are checked differently.
import type { Problems } from './errors.ts';

const ACTION_SCHEMES = new Set(['http', 'https', 'line', 'tel']);
/** Formats a LINE client cannot show. The API itself accepts the request, but the picture never
 *  appears on the phone; refusing here makes a test fail where production would silently break. */
const NON_LINE_IMAGE = /\.(gif|webp|svg|bmp|heic|heif|tiff?|avif)$/i;

export const URI_MAX = 1000;
export const HTTPS_REQUIRED = 'must be an https url';
export const MEDIA_URL_MAX = 2000;

function schemeOf(uri: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase();
}

/** A URI action's target: ≤ 1,000 characters, scheme http, https, line or tel. */
export function checkActionUri(value: unknown, property: string, problems: Problems): void {
  if (typeof value !== 'string' || value.length === 0) {
    problems.push({ property, message: 'must be specified' });
    return;
  }
  if (value.length > URI_MAX) problems.push({ property, message: `Length must be between 0 and ${URI_MAX}` });
  const scheme = schemeOf(value);
  if (scheme === undefined || !ACTION_SCHEMES.has(scheme)) {
    problems.push({ property, message: 'invalid uri scheme (must be one of http, https, line, tel)' });
  }
}

/** Media the LINE app fetches itself: HTTPS only, ≤ 2,000 characters. */
export function checkMediaUrl(value: unknown, property: string, problems: Problems, required = true): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'string' || value.length === 0) {
    problems.push({ property, message: 'must be specified' });
    return;
  }
  if (value.length > MEDIA_URL_MAX) {
    problems.push({ property, message: `Length must be between 0 and ${MEDIA_URL_MAX}` });
  }
  if (schemeOf(value) !== 'https') problems.push({ property, message: HTTPS_REQUIRED });
}

/** An image URL: a media URL that must also not name a format LINE cannot display (JPEG or PNG only). */
export function checkImageUrl(value: unknown, property: string, problems: Problems, required = true): void {
  checkMediaUrl(value, property, problems, required);
  if (typeof value === 'string' && NON_LINE_IMAGE.test(pathOf(value))) {
    problems.push({ property, message: 'image must be JPEG or PNG' });
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

import { HTTPFetchError, LineBotClient } from '@line/bot-sdk';
import type { Logger } from '../log.ts';
import { isOurRichMenu, richMenuRequest } from './definition.ts';

/**
 * Puts the main menu on the channel: create → upload its image → default for every user → delete our
 * older menus. Running it again is safe and leaves exactly one of ours, the new default.
 */

export interface InstallOptions {
  readonly channelAccessToken: string;
  /** Override of LINE's API host (a fake LINE platform in tests). */
  readonly apiBaseUrl?: string | undefined;
  /** The menu image, PNG or JPEG, at the menu's exact size. */
  readonly image: Buffer;
  readonly log: Logger;
}

/** A LINE call that failed, explained for the operator (never with the token in it). */
export class RichMenuInstallError extends Error {
  constructor(
    readonly step: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'RichMenuInstallError';
  }
}

/** Returns the new menu's richMenuId. */
export async function installRichMenu(options: InstallOptions): Promise<string> {
  const client = LineBotClient.fromChannelAccessToken({
    channelAccessToken: options.channelAccessToken,
    ...(options.apiBaseUrl ? { apiBaseURL: options.apiBaseUrl, dataApiBaseURL: options.apiBaseUrl } : {}),
  });
  const call = <T>(step: string, work: () => Promise<T>) => explained(step, work, options);
  const { richMenuId } = await call('create the rich menu', () => client.createRichMenu(richMenuRequest()));
  options.log.info({ richMenuId }, 'rich menu created');
  try {
    const contentType = menuImageType(options.image);
    await call('upload the rich menu image', () => client.setRichMenuImage(richMenuId, new Blob([new Uint8Array(options.image)], { type: contentType })));
    options.log.info({ richMenuId, contentType, bytes: options.image.length }, 'rich menu image uploaded');
    await call('set the rich menu as the default', () => client.setDefaultRichMenu(richMenuId));
  } catch (error) {
    await deleteQuietly(client, richMenuId, options.log);
    throw error;
  }
  options.log.info({ richMenuId }, 'rich menu is the default for all users');
  await deleteOlderMenus(client, richMenuId, call, options.log);
  return richMenuId;
}

type Call = <T>(step: string, work: () => Promise<T>) => Promise<T>;

async function deleteOlderMenus(client: LineBotClient, keep: string, call: Call, log: Logger): Promise<void> {
  const { richmenus } = await call('list the rich menus', () => client.getRichMenuList());
  const older = richmenus.filter((menu) => menu.richMenuId !== keep && isOurRichMenu(menu.name));
  for (const menu of older) {
    await call('delete an older rich menu', () => client.deleteRichMenu(menu.richMenuId));
    log.info({ richMenuId: menu.richMenuId, name: menu.name }, 'older rich menu deleted');
  }
}

/** A menu that never became the default is clutter; a failure to remove it must not hide the first error. */
async function deleteQuietly(client: LineBotClient, richMenuId: string, log: Logger): Promise<void> {
  try {
    await client.deleteRichMenu(richMenuId);
    log.info({ richMenuId }, 'unfinished rich menu deleted');
  } catch (error) {
    log.warn({ richMenuId, reason: error instanceof Error ? error.message : String(error) }, 'could not delete the unfinished rich menu');
  }
}

async function explained<T>(step: string, work: () => Promise<T>, options: InstallOptions): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const status = error instanceof HTTPFetchError ? error.status : undefined;
    const message = withoutSecret(explain(step, error, options.apiBaseUrl), options.channelAccessToken);
    throw new RichMenuInstallError(step, status, message);
  }
}

function explain(step: string, error: unknown, apiBaseUrl: string | undefined): string {
  if (!(error instanceof HTTPFetchError)) {
    const where = apiBaseUrl ? `${apiBaseUrl} (LINE_API_BASE_URL)` : 'LINE';
    return `Could not reach ${where} to ${step}: ${causeOf(error)}. Check the network and try again.`;
  }
  switch (error.status) {
    case 401:
      return 'LINE refused the channel access token: check LINE_CHANNEL_ACCESS_TOKEN (issue a long-lived token in the LINE Developers console, Messaging API tab).';
    case 403:
      return `LINE does not allow this channel to ${step} (HTTP 403): check that LINE_CHANNEL_ACCESS_TOKEN belongs to a Messaging API channel.`;
    case 429:
      return `LINE is limiting this channel's requests (HTTP 429) while trying to ${step}: wait a minute and run again.`;
    default:
      return error.status >= 500
        ? `LINE had a problem (HTTP ${error.status}) while trying to ${step}: run again in a few minutes; re-running is safe.`
        : `LINE refused to ${step} (HTTP ${error.status}): ${lineReason(error.body)}`;
  }
}

/** LINE answers `{ message, details: [{ property, message }] }`. */
function lineReason(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; details?: Array<{ property?: unknown; message?: unknown }> };
    const details = (parsed.details ?? []).map((detail) => `${String(detail.property)}: ${String(detail.message)}`);
    return [String(parsed.message ?? 'no reason given'), ...details].join('; ');
  } catch {
    return body.slice(0, 300) || 'no reason given';
  }
}

/** LINE never echoes the token, but an error message is the last place it may ever appear. */
function withoutSecret(text: string, secret: string): string {
  return secret ? text.split(secret).join('[token]') : text;
}

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** MIME type of a menu image, read from its first bytes (JPEG starts FF D8; anything else is sent as PNG). */
export function menuImageType(image: Buffer): 'image/png' | 'image/jpeg' {
  return image[0] === 0xff && image[1] === 0xd8 ? 'image/jpeg' : 'image/png';
}

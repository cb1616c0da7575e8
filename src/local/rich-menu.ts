// The playground gets the same rich menu a real channel gets, installed through the same Messaging API
// calls on the fake LINE platform. The image is kept in the data folder, keyed by the page that draws it,
// so Chromium draws it again only when the menu's design changes.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import { installRichMenu } from '../rich-menu/install.ts';
import { renderRichMenuImage, richMenuHtml } from '../rich-menu/render.ts';

export interface LocalRichMenuOptions {
  readonly apiBaseUrl: string;
  readonly channelAccessToken: string;
  readonly chromiumPath: string | undefined;
  readonly dataDir: string;
  readonly log: Logger;
}

export async function installLocalRichMenu(options: LocalRichMenuOptions): Promise<string> {
  const image = await cachedImage(options);
  return installRichMenu({ channelAccessToken: options.channelAccessToken, apiBaseUrl: options.apiBaseUrl, image, log: options.log });
}

async function cachedImage(options: LocalRichMenuOptions): Promise<Buffer> {
  const design = createHash('sha256').update(richMenuHtml()).digest('hex').slice(0, 16);
  const path = join(options.dataDir, `rich-menu-${design}.img`);
  try {
    return readFileSync(path);
  } catch {
    const image = await renderRichMenuImage({ chromiumPath: options.chromiumPath });
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(path, image);
    return image;
  }
}

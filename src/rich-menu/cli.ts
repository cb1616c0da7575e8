import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isHttpUrl } from '../config.ts';
import { createLogger } from '../log.ts';
import { BrowserNotFoundError } from '../portal/browser.ts';
import { RICH_MENU_SIZE } from './definition.ts';
import { installRichMenu, menuImageType, RichMenuInstallError } from './install.ts';
import { MissingCjkFontError, renderRichMenuImage } from './render.ts';

/**
 * `npm run rich-menu`: draw the menu image and install the menu as every user's default; prints its richMenuId.
 * `npm run rich-menu -- --out menu.png`: only draw the image into a file, for review, without contacting LINE.
 * Progress goes to stderr, so stdout carries only the richMenuId.
 */

const USAGE = 'Usage: npm run rich-menu [-- --out FILE]';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Env = Record<string, string | undefined>;

interface Settings {
  readonly channelAccessToken: string | undefined;
  readonly apiBaseUrl: string | undefined;
  readonly chromiumPath: string | undefined;
  readonly logLevel: string;
}

function readSettings(env: Env): Settings {
  const apiBaseUrl = present(env['LINE_API_BASE_URL']);
  if (apiBaseUrl !== undefined && !isHttpUrl(apiBaseUrl)) {
    throw new UsageError(`LINE_API_BASE_URL must be an http(s) URL (only set it to use a fake LINE platform), not ${apiBaseUrl}`);
  }
  const logLevel = present(env['LOG_LEVEL']);
  return {
    channelAccessToken: present(env['LINE_CHANNEL_ACCESS_TOKEN']),
    apiBaseUrl,
    chromiumPath: present(env['CHROMIUM_PATH']),
    // Quiet by default: the operator reads the plain lines below; LOG_LEVEL=info adds each step as JSON.
    logLevel: logLevel !== undefined && LOG_LEVELS.includes(logLevel) ? logLevel : 'warn',
  };
}

class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

async function run(argv: readonly string[], env: Env): Promise<void> {
  const { values } = parseCommandLine(argv);
  const settings = readSettings(env);
  if (values.out === undefined && settings.channelAccessToken === undefined) {
    throw new UsageError(
      'LINE_CHANNEL_ACCESS_TOKEN is not set: issue a long-lived channel access token in the LINE Developers console ' +
        '(Messaging API tab) and set it, or use --out FILE to only draw the image.',
    );
  }
  const image = await render(settings);
  if (values.out !== undefined) {
    await writeFile(values.out, image);
    say(`Wrote ${values.out}; LINE was not contacted.`);
    return;
  }
  say('Installing the rich menu on the LINE channel…');
  const richMenuId = await installRichMenu({
    channelAccessToken: settings.channelAccessToken as string,
    apiBaseUrl: settings.apiBaseUrl,
    image,
    log: createLogger(settings.logLevel, process.stderr),
  });
  say(`Done: ${richMenuId} is now every user's menu; our older menus were removed.`);
  process.stdout.write(`${richMenuId}\n`);
}

function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: { out: { type: 'string' } }, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, 2);
  }
}

async function render(settings: Settings): Promise<Buffer> {
  const started = performance.now();
  const image = await renderRichMenuImage({ chromiumPath: settings.chromiumPath });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const kind = menuImageType(image) === 'image/png' ? 'PNG' : 'JPEG';
  say(`Drew the menu image: ${RICH_MENU_SIZE.width}×${RICH_MENU_SIZE.height} ${kind}, ${Math.round(image.length / 1024)} KB, in ${seconds} s.`);
  return image;
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Failures the operator can fix, said in one line; anything else is a bug and keeps its stack. */
function isExplained(error: unknown): error is Error {
  return [UsageError, RichMenuInstallError, MissingCjkFontError, BrowserNotFoundError].some((type) => error instanceof type);
}

try {
  await run(process.argv.slice(2), process.env);
} catch (error) {
  process.stderr.write(isExplained(error) ? `${error.message}\n` : `Rich menu failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? error.exitCode : 1;
}

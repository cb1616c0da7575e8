import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright';
import { startVirtualDisplay, type VirtualDisplay } from './virtual-display.ts';

/** Flags for Chromium on a server: no sandbox (root in a container), no GPU, no background calls home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--no-first-run',
];

const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium'];

export class BrowserNotFoundError extends Error {
  constructor(detail: string) {
    super(
      `No Chromium found (${detail}): install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary.`,
    );
    this.name = 'BrowserNotFoundError';
  }
}

/** CHROMIUM_PATH first, then the system's Chromium, then Playwright's own download. */
export function findChromium(chromiumPath: string | undefined, exists: (path: string) => boolean = existsSync): string {
  if (chromiumPath) {
    if (exists(chromiumPath)) return chromiumPath;
    throw new BrowserNotFoundError(`CHROMIUM_PATH=${chromiumPath} does not exist`);
  }
  const system = SYSTEM_CHROMIUM_PATHS.find((path) => exists(path));
  if (system) return system;
  const bundled = playwrightChromium();
  if (bundled && exists(bundled)) return bundled;
  throw new BrowserNotFoundError('looked for CHROMIUM_PATH, /usr/bin/chromium and Playwright\'s browser');
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

export interface BrowserOptions {
  readonly chromiumPath: string | undefined;
  /** Run with a window (under Xvfb when there is no DISPLAY) in case the platform refuses headless browsers. */
  readonly headed?: boolean;
  /** Where DISPLAY is read from (tests pass their own). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * One browser per process, launched on first use and relaunched if it dies.
 * Jobs never share pages or cookies: each opens its own context.
 */
export class SharedBrowser {
  #browser: Promise<Browser> | undefined;
  #display: VirtualDisplay | undefined;

  constructor(private readonly options: BrowserOptions) {}

  get(): Promise<Browser> {
    this.#browser ??= this.launch();
    return this.#browser;
  }

  async close(): Promise<void> {
    const pending = this.#browser;
    this.#browser = undefined;
    if (pending) await (await pending.catch(() => undefined))?.close();
    await this.#display?.stop();
    this.#display = undefined;
  }

  private async launch(): Promise<Browser> {
    const executablePath = findChromium(this.options.chromiumPath);
    try {
      const browser = await chromium.launch({ executablePath, headless: !this.options.headed, args: CHROMIUM_ARGS, env: await this.environment() });
      browser.on('disconnected', () => {
        this.#browser = undefined;
      });
      return browser;
    } catch (error) {
      this.#browser = undefined;
      throw error;
    }
  }

  /** Headed needs a display: the one we were given (DISPLAY), or a virtual one started for this browser. */
  private async environment(): Promise<NodeJS.ProcessEnv> {
    if (!this.options.headed) return process.env;
    const display = (this.options.env ?? process.env).DISPLAY;
    if (display) return { ...process.env, DISPLAY: display };
    this.#display ??= await startVirtualDisplay();
    return { ...process.env, DISPLAY: this.#display.display };
  }
}

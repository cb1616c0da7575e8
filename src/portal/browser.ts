import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright';
import { startVirtualDisplay, type VirtualDisplay } from './virtual-display.ts';

const SERVER_ARGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--no-first-run',
];

export interface SandboxContext {
  /** The process's user id (undefined where there is none, e.g. Windows). */
  readonly uid: number | undefined;
  /** CHROMIUM_NO_SANDBOX=true turns the sandbox off where Chromium cannot start one (some containers). */
  readonly noSandbox?: string | undefined;
}

/**
 * Flags for Chromium on a server: no GPU, no background calls home, and its sandbox kept — the browser
 * opens the platform's pages with an owner's password. Chromium refuses to sandbox itself as root, so
 * only then (or when CHROMIUM_NO_SANDBOX=true asks) is `--no-sandbox` passed.
 */
export function chromiumArgs(context: SandboxContext = currentSandboxContext()): string[] {
  return withoutSandbox(context) ? ['--no-sandbox', ...SERVER_ARGS] : [...SERVER_ARGS];
}

/**
 * What chromium.launch needs for the sandbox rule above. Playwright adds `--no-sandbox` by itself unless
 * told `chromiumSandbox: true`, so the flag list alone is not enough.
 */
export function chromiumLaunchOptions(context: SandboxContext = currentSandboxContext()): { args: string[]; chromiumSandbox: boolean } {
  return { args: chromiumArgs(context), chromiumSandbox: !withoutSandbox(context) };
}

function withoutSandbox(context: SandboxContext): boolean {
  const asked = context.noSandbox?.trim().toLowerCase();
  return context.uid === 0 || asked === 'true' || asked === '1';
}

function currentSandboxContext(): SandboxContext {
  return { uid: process.getuid?.(), noSandbox: process.env.CHROMIUM_NO_SANDBOX };
}

/** The flags for this process (see chromiumArgs), for code that launches Chromium itself. */
export const CHROMIUM_ARGS = chromiumArgs();

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
    const context = currentSandboxContext();
    try {
      const browser = await chromium.launch({
        executablePath,
        headless: !this.options.headed,
        ...chromiumLaunchOptions(context),
        env: await this.environment(),
      });
      browser.on('disconnected', () => {
        this.#browser = undefined;
      });
      return browser;
    } catch (error) {
      this.#browser = undefined;
      throw sandboxFailure(error, context) ?? error;
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

/** Chromium could not start its sandbox: say how to let it, or how to do without. */
export function sandboxFailure(error: unknown, context: SandboxContext): Error | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (withoutSandbox(context) || !/Chromium sandboxing failed|No usable sandbox|crbug\.com\/(638180|357670)/.test(message)) return undefined;
  return new Error(
    'Chromium could not start its sandbox (running as a regular user, as it should): allow unprivileged user namespaces ' +
      '(sysctl kernel.unprivileged_userns_clone=1, or a container seccomp profile that permits them), ' +
      'or set CHROMIUM_NO_SANDBOX=true to run it without one (less isolation from the pages it opens).',
    { cause: error },
  );
}

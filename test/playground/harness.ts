// What the playground's browser tests share: the real `src/main.ts` in local mode in a temp folder, a real
// Chromium, and the steps a person takes in the chat.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../../src/portal/browser.ts';
import { freePort, startScript, type StartedProcess } from '../support/process.ts';

export const STEP_TIMEOUT_MS = 30_000;

export interface RunningPlayground {
  readonly cwd: string;
  readonly bot: StartedProcess;
  readonly browser: Browser;
  readonly playgroundUrl: string;
  readonly portalUrl: string;
  readonly base: string;
  stop(): Promise<void>;
}

export async function startPlayground(env: Record<string, string> = {}): Promise<RunningPlayground> {
  const cwd = mkdtempSync(join(tmpdir(), 'playground-'));
  const port = await freePort();
  const bot = startScript('src/main.ts', {
    cwd,
    env: { PORT: String(port), ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}), ...env },
  });
  const local = await bot.waitForLog(/^Local mode/, 30_000);
  const browser = await chromium.launch({ executablePath: findChromium(process.env.CHROMIUM_PATH), args: CHROMIUM_ARGS });
  const playgroundUrl = String(local.playground);
  return {
    cwd,
    bot,
    browser,
    playgroundUrl,
    portalUrl: String(local.portalSimulator),
    base: playgroundUrl.replace(/\/playground$/, ''),
    async stop() {
      await browser.close();
      await bot.stop();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** One person's LINE on a phone-sized page: each page has its own storage, so its own LINE user. */
export class Person {
  constructor(
    readonly page: Page,
    private readonly portalUrl: string,
  ) {}

  static async open(playground: RunningPlayground, viewport = { width: 1100, height: 950 }): Promise<Person> {
    const page = await (await playground.browser.newContext({ viewport })).newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(playground.playgroundUrl);
    await page.locator('body[data-ready]').waitFor();
    return new Person(page, playground.portalUrl);
  }

  get chat(): Locator {
    return this.page.locator('#chat');
  }

  get box(): Locator {
    return this.page.getByRole('textbox', { name: '輸入訊息' });
  }

  async follow(): Promise<void> {
    await this.page.getByRole('button', { name: '加入好友' }).click();
    await this.botSays(/我是空白發票小幫手/);
  }

  /** The newest button with this label in the chat, its quick replies or the rich menu. */
  async tap(name: string): Promise<void> {
    await this.page.locator('#chat, #quick-replies, #rich-menu').getByRole('button', { name, exact: true }).last().click();
  }

  async say(text: string): Promise<void> {
    await this.box.fill(text);
    await this.page.getByRole('button', { name: '傳送' }).click();
  }

  /** Types lines as a person does on a computer: Shift+Enter between them, Enter to send. */
  async typeLines(lines: readonly string[]): Promise<void> {
    await this.box.click();
    for (const [i, line] of lines.entries()) {
      if (i > 0) await this.page.keyboard.press('Shift+Enter');
      await this.page.keyboard.type(line);
    }
    await this.page.keyboard.press('Enter');
  }

  botRows(): Promise<number> {
    return this.chat.locator('.row-bot').count();
  }

  /** Waits until the chat shows a bot message matching `pattern` after the given number of bot rows. */
  async botSays(pattern: RegExp, afterRows = 0): Promise<Locator> {
    const row = this.chat.locator('.row-bot').nth(afterRows).locator('xpath=self::*|following-sibling::*[contains(@class,"row-bot")]').filter({ hasText: pattern }).first();
    await row.waitFor();
    return row;
  }

  /** The first bot picture after `since` bot rows (the platform's captcha when the bot relays one). */
  botImageAfter(since: number): Locator {
    return this.chat.locator('.row-bot').nth(since).locator('xpath=self::*|following-sibling::*').locator('img.image-msg').first();
  }

  /** Reads the captcha the bot relayed, as the owner would, by asking the simulator what it shows; types it. */
  async answerCaptcha(since: number): Promise<Locator> {
    const image = this.botImageAfter(since);
    await image.waitFor();
    const src = await image.getAttribute('src');
    assert.ok(src);
    const bytes = Buffer.from(await (await fetch(src)).arrayBuffer());
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const { answer } = (await (await fetch(`${this.portalUrl}/__sim/captcha-answer?sha256=${sha256}`)).json()) as { answer: string };
    await this.say(answer);
    return image;
  }

  /** Store set-up up to the one-time link: 統一編號, not a branch, general tax, the store's name. */
  async setUpStoreUntilPasswordLink(): Promise<void> {
    await this.tap('設定我的商店');
    await this.botSays(/統一編號/);
    await this.say('04595257');
    await this.tap('不是');
    await this.tap('一般稅額計算');
    await this.say('小林咖啡');
    await this.chat.getByRole('button', { name: '填寫平台帳號密碼' }).last().waitFor();
  }
}

/** On failure: what the page showed and what the bot logged, so a red run explains itself. */
export async function diagnose(playground: RunningPlayground | undefined, page: Page | undefined, name: string): Promise<void> {
  const shot = join(tmpdir(), `${name}-failure-${Date.now()}.png`);
  await page?.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
  process.stderr.write(`screenshot: ${shot}\nbot log (tail):\n${playground?.bot.output().slice(-6000)}\n`);
}

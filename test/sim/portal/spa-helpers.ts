// Helpers for the spa layout: a JSON client with a cookie jar, and the browser steps a person
// takes (the captcha read from the data URL the page shows, solved through /__sim).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chromium } from 'playwright';
import type { Browser, BrowserContext, Page } from 'playwright';
import type { PortalSimulatorOptions } from '../../../src/sim/portal/index.ts';
import { COFFEE, HOUR_MS, json, startSim } from './helpers.ts';
import type { LoginInput, Started } from './helpers.ts';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** The 1×1 transparent PNG the page shows until the captcha has come. */
export const PLACEHOLDER_PREFIX = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB';

/** The spa layout with short loading times, so browser tests do not wait for show. */
export function startSpa(options: PortalSimulatorOptions = {}): Promise<Started> {
  return startSim({ layout: 'spa', loadingMs: { min: 0, max: 20 }, sessionIdleMs: 10 * HOUR_MS, ...options });
}

export async function captchaAnswer(baseUrl: string, dataUrl: string): Promise<string> {
  const match = /^data:image\/png;base64,(.+)$/.exec(dataUrl);
  assert.ok(match?.[1] !== undefined, `not a PNG data URL: ${dataUrl.slice(0, 40)}`);
  const sha256 = createHash('sha256').update(Buffer.from(match[1], 'base64')).digest('hex');
  return (await json<{ answer: string }>(`${baseUrl}/__sim/captcha-answer?sha256=${sha256}`)).answer;
}

export interface ApiAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** fetch() with a cookie jar, speaking the spa's JSON API. */
export class ApiClient {
  private readonly jar = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  get<T = Record<string, unknown>>(path: string): Promise<ApiAnswer<T>> {
    return this.send<T>(path, { method: 'GET' });
  }

  post<T = Record<string, unknown>>(path: string, body: unknown): Promise<ApiAnswer<T>> {
    return this.send<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  async text(path: string): Promise<{ status: number; text: string }> {
    const response = await this.raw(path, { method: 'GET' });
    return { status: response.status, text: await response.text() };
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  private async send<T>(path: string, init: RequestInit): Promise<ApiAnswer<T>> {
    const response = await this.raw(path, init);
    const text = await response.text();
    return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as T, headers: response.headers };
  }

  private async raw(path: string, init: RequestInit): Promise<Response> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers = { ...(init.headers as Record<string, string> | undefined), ...(cookie === '' ? {} : { cookie }) };
    const response = await fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: 'manual' });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(header)) this.jar.delete(pair.slice(0, eq).trim());
      else this.jar.set(pair.slice(0, eq).trim(), value);
    }
    return response;
  }
}

/** A fresh captcha for this client, solved. */
export async function solvedCaptcha(client: ApiClient): Promise<string> {
  const { body } = await client.get<{ image: string }>('/api/captcha');
  return captchaAnswer(client.baseUrl, body.image);
}

export function apiLogin(client: ApiClient, who: LoginInput, captcha: string): Promise<ApiAnswer> {
  return client.post('/api/login', { identity: 'business', ubn: who.ubn, account: who.account, password: who.password, captcha });
}

export async function apiLoggedIn(baseUrl: string, who: LoginInput = COFFEE): Promise<ApiClient> {
  const client = new ApiClient(baseUrl);
  const answer = await apiLogin(client, who, await solvedCaptcha(client));
  assert.equal(answer.status, 200, `login failed: ${JSON.stringify(answer.body)}`);
  return client;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'zh-TW', timezoneId: 'Asia/Taipei', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page };
}

/** The captcha's data URL once the placeholder has been replaced (and differs from `previous`). */
export async function loadedCaptcha(page: Page, alt: string, previous: string | null = null): Promise<string> {
  const image = page.getByRole('img', { name: alt, exact: true });
  await image.waitFor();
  const handle = await page.waitForFunction(
    ([name, old, placeholder]) => {
      const src = Array.from(document.querySelectorAll('img')).find((img) => img.alt === name)?.getAttribute('src') ?? '';
      return src !== '' && !src.startsWith(placeholder as string) && src !== old ? src : false;
    },
    [alt, previous, PLACEHOLDER_PREFIX] as const,
  );
  return (await handle.jsonValue()) as string;
}

export interface UiLogin {
  readonly choice: 'links' | 'dropdown';
  readonly captchaLabel?: string;
  readonly who?: LoginInput;
}

/** From 首頁: 登入 → 營業人/扣繳單位 → the 帳號密碼 tab's fields → 登入, until the route changes. */
export async function logInThroughUi(page: Page, url: string, { choice, captchaLabel = '圖形驗證碼', who = COFFEE }: UiLogin): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByRole('button', { name: '登入', exact: true }).click();
  await page.waitForURL(`${url}/accounts/login`);
  await chooseBusiness(page, choice);
  await page.getByLabel('統一編號', { exact: true }).fill(who.ubn);
  await page.getByLabel('帳號', { exact: true }).fill(who.account);
  await page.getByLabel('密碼', { exact: true }).fill(who.password);
  const captcha = await loadedCaptcha(page, captchaLabel);
  await page.getByLabel(captchaLabel, { exact: true }).fill(await captchaAnswer(url, captcha));
  await page.getByRole('button', { name: '登入', exact: true }).click();
  await page.waitForURL(`${url}/business`);
}

export async function chooseBusiness(page: Page, choice: 'links' | 'dropdown'): Promise<void> {
  if (choice === 'links') await page.getByRole('link', { name: '營業人/扣繳單位', exact: true }).click();
  else await page.getByLabel('登入身分', { exact: true }).selectOption({ label: '營業人/扣繳單位' });
  await page.getByRole('tab', { name: '帳號密碼', selected: true }).waitFor();
}

/** Side menu: 電子發票專用字軌號碼取號 → 電子發票上傳作業 → the blank-number link. */
export async function openBlankPage(page: Page, url: string, linkName = '上傳未使用空白發票號碼(作業)'): Promise<void> {
  await page.getByRole('button', { name: '電子發票專用字軌號碼取號', exact: true }).click();
  await page.getByRole('button', { name: '電子發票上傳作業', exact: true }).click();
  await page.getByRole('link', { name: linkName, exact: true }).click();
  await page.waitForURL(`${url}/business/blank`);
  await page.getByRole('combobox', { name: '字軌期別' }).waitFor();
}

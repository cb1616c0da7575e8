// A small HTTP "browser" for the simulator: a cookie jar, manual redirects, and the captcha solved
// through /__sim the way a person would read it — from the exact image bytes shown.
import { createHash } from 'node:crypto';
import { createPortalSimulator } from '../../../src/sim/portal/index.ts';
import type { PortalSimulator, PortalSimulatorOptions } from '../../../src/sim/portal/index.ts';

/** 2026-11-03 10:00 Taipei: 115/09~115/10 has just ended and its upload window is open. */
export const FIXED_NOW = new Date('2026-11-03T02:00:00Z');
export const JUST_ENDED = '11510';
export const JUST_ENDED_LABEL = '115/09~115/10';
export const CURRENT = '11512';

export const COFFEE = { ubn: '04595257', account: 'coffee01', password: 'Sim-Pass-1234', name: '小林咖啡' } as const;
export const SNACK = { ubn: '10458575', account: 'snack01', password: 'Sim-Pass-5678', name: '阿明小吃', branch: '10458579' } as const;

export interface Page {
  readonly status: number;
  /** Path of the final URL after redirects. */
  readonly path: string;
  readonly html: string;
  /** Every redirect location followed, in order. */
  readonly redirects: readonly string[];
}

export type FormData = Record<string, string | readonly string[]>;

export class Client {
  private readonly jar = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async get(path: string): Promise<Page> {
    return this.follow(await this.raw(path, { method: 'GET' }), path, []);
  }

  async post(path: string, form: FormData): Promise<Page> {
    const response = await this.raw(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: encodeForm(form),
    });
    return this.follow(response, path, []);
  }

  async bytes(path: string): Promise<{ status: number; body: Buffer; type: string | null }> {
    const response = await this.raw(path, { method: 'GET' });
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()), type: response.headers.get('content-type') };
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  private async raw(path: string, init: RequestInit): Promise<Response> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(new URL(path, this.baseUrl), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string> | undefined), ...(cookie === '' ? {} : { cookie }) },
    });
    for (const header of response.headers.getSetCookie()) this.store(header);
    return response;
  }

  private store(header: string): void {
    const [pair = '', ...attributes] = header.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
    if (expired) this.jar.delete(name);
    else this.jar.set(name, value);
  }

  private async follow(response: Response, path: string, redirects: string[]): Promise<Page> {
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.arrayBuffer();
      return this.follow(await this.raw(location, { method: 'GET' }), location, [...redirects, location]);
    }
    return { status: response.status, path, html: await response.text(), redirects };
  }
}

function encodeForm(form: FormData): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) {
    for (const v of typeof value === 'string' ? [value] : value) params.append(name, v);
  }
  return params.toString();
}

export interface Started {
  readonly sim: PortalSimulator;
  readonly url: string;
  close(): Promise<void>;
}

export async function startSim(options: PortalSimulatorOptions = {}): Promise<Started> {
  const sim = createPortalSimulator({ now: () => FIXED_NOW, generatedStores: 0, ...options });
  const running = await sim.listen();
  return { sim, url: running.url, close: () => running.close() };
}

export async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  return (await response.json()) as T;
}

export async function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export function captchaSrc(html: string): string {
  const img = /<img[^>]*alt="圖形驗證碼"[^>]*>/.exec(html)?.[0] ?? '';
  const src = /src="([^"]+)"/.exec(img)?.[1];
  if (src === undefined) throw new Error('no captcha image on the page');
  return src;
}

/** Reads the captcha on a home page the way a person would: from the picture. */
export async function solveCaptcha(client: Client, homeHtml: string): Promise<string> {
  const image = await client.bytes(captchaSrc(homeHtml));
  const sha256 = createHash('sha256').update(image.body).digest('hex');
  const { answer } = await json<{ answer: string }>(`${client.baseUrl}/__sim/captcha-answer?sha256=${sha256}`);
  return answer;
}

export interface LoginInput {
  readonly ubn: string;
  readonly account: string;
  readonly password: string;
  readonly captcha?: string;
}

export async function submitLogin(client: Client, input: LoginInput): Promise<Page> {
  const home = await client.get('/');
  const captcha = input.captcha ?? (await solveCaptcha(client, home.html));
  return client.post('/login', { identity: 'business', ban: input.ubn, userId: input.account, password: input.password, captchaCode: captcha });
}

export async function loggedIn(url: string, who: LoginInput = COFFEE): Promise<Client> {
  const client = new Client(url);
  const page = await submitLogin(client, who);
  if (page.path !== '/menu') throw new Error(`login failed: ${alertText(page.html)}`);
  return client;
}

export function alertText(html: string): string | null {
  const match = /role="alert"[^>]*>([\s\S]*?)<\//.exec(html);
  return match?.[1]?.trim() ?? null;
}

export function statusText(html: string): string | null {
  const match = /role="status"[^>]*>([\s\S]*?)<\//.exec(html);
  return match?.[1]?.trim() ?? null;
}

export function textOf(html: string): string {
  return decode(html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

export function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

export interface EntryRowInput {
  readonly ubn?: string;
  readonly invoiceType?: '07' | '08';
  readonly track: string;
  readonly start: string;
  readonly end: string;
}

/** 存檔 of the 新增 form, as the browser would post it. */
export function saveForm(rows: readonly EntryRowInput[], ubn: string = COFFEE.ubn, period = JUST_ENDED): FormData {
  return {
    period,
    rowBan: rows.map((r) => r.ubn ?? ubn),
    rowInvoiceType: rows.map((r) => r.invoiceType ?? '07'),
    rowTrack: rows.map((r) => r.track),
    rowStartNo: rows.map((r) => r.start),
    rowEndNo: rows.map((r) => r.end),
    save: '1',
  };
}

/** Cells of each body row of the first <tbody> (classic layout tables). */
export function bodyRows(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => textOf(cell[1] ?? '').trim()),
  );
}

export const HOUR_MS = 3_600_000;

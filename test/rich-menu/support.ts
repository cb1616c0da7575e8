// A fake LINE platform for the rich menu tests, and the plain HTTP calls that check what it holds.
import { createFakeLinePlatform, type FakeLinePlatform } from '../../src/sim/line/index.ts';

export const SECRET = 'rich-menu-test-channel-secret-01';
export const TOKEN = 'rich-menu-test-channel-access-token';

export interface FakeLine {
  readonly fake: FakeLinePlatform;
  readonly url: string;
  close(): Promise<void>;
}

export async function startFakeLine(): Promise<FakeLine> {
  const fake = createFakeLinePlatform({ channelSecret: SECRET, channelAccessToken: TOKEN });
  const listening = await fake.listen(0);
  return { fake, url: listening.url, close: listening.close };
}

export interface ListedMenu {
  readonly richMenuId: string;
  readonly name: string;
  readonly areas: ReadonlyArray<{ readonly action: { readonly type: string; readonly text?: string } }>;
}

export async function listRichMenus(url: string): Promise<ListedMenu[]> {
  const response = await fetch(`${url}/v2/bot/richmenu/list`, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (!response.ok) throw new Error(`list answered ${response.status}`);
  return ((await response.json()) as { richmenus: ListedMenu[] }).richmenus;
}

/** The uploaded image, or undefined when the menu has none (or is gone). */
export async function richMenuImage(url: string, richMenuId: string): Promise<{ type: string; bytes: Buffer } | undefined> {
  const response = await fetch(`${url}/v2/bot/richmenu/${richMenuId}/content`, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (response.status === 404) return undefined;
  return { type: response.headers.get('content-type') ?? '', bytes: Buffer.from(await response.arrayBuffer()) };
}

/** A menu someone made by hand in the LINE console: not ours to delete. */
export async function createForeignMenu(url: string): Promise<string> {
  const response = await fetch(`${url}/v2/bot/richmenu`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      size: { width: 2500, height: 843 },
      selected: false,
      name: 'spring-sale',
      chatBarText: '優惠',
      areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: 'message', label: '優惠', text: '優惠' } }],
    }),
  });
  if (!response.ok) throw new Error(`create answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { richMenuId: string }).richMenuId;
}

export { pngHeader } from '../sim/line/support.ts';

// An owner using a local-mode bot (`npm start` without LINE) from outside the process, over the
// playground's HTTP API: the same requests the /playground page makes, read back from its event stream.
import { actionsOf } from '../../src/sim/line/inspect-messages.ts';
import type { BotMessage } from '../../src/sim/line/index.ts';
import type { ActionInfo } from '../../src/sim/line/types.ts';

const STEP_TIMEOUT_MS = 30_000;

export interface PlaygroundFixtureView {
  readonly storeName: string;
  readonly ubn: string;
  readonly account: string;
  readonly password: string;
  readonly ranges: readonly string[];
}

export interface LocalOwner {
  readonly userId: string;
  readonly fixture: PlaygroundFixtureView;
  /** Every message the bot sent this owner, oldest first. */
  botMessages(): readonly BotMessage[];
  /** Registers the fixture store, saves its platform login and confirms its blank ranges: resolves once the captcha image arrived. */
  reachPendingCaptcha(): Promise<void>;
  close(): void;
}

/** Opens a chat as a new owner of the bot whose playground is at `playgroundUrl`. */
export async function openLocalOwner(playgroundUrl: string): Promise<LocalOwner> {
  const base = new URL(playgroundUrl).origin;
  const api = `${base}/playground/api`;
  const fixture = ((await getJson(`${api}/state`)) as { fixture: PlaygroundFixtureView }).fixture;
  const { userId } = (await postJson(`${api}/users`, {})) as { userId: string };
  const messages: BotMessage[] = [];
  const waiters = new Set<() => void>();
  const stream = new AbortController();
  void readStream(`${api}/users/${userId}/stream`, stream.signal, (entry) => {
    if (entry.from === 'bot' && Array.isArray(entry.messages)) messages.push(...(entry.messages as BotMessage[]));
    for (const waiter of waiters) waiter();
  });

  /** Resolves once a message from index `since` on satisfies `found`. */
  const waitFor = (since: number, found: (message: BotMessage) => boolean, what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (!messages.slice(since).some(found)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`the bot did not send ${what}; it sent:\n${messages.slice(since).map(describe).join('\n')}`));
      }, STEP_TIMEOUT_MS);
      waiters.add(check);
      check();
    });
  const waitForText = (since: number, pattern: RegExp) => waitFor(since, (m) => m.type === 'text' && pattern.test(m.text), String(pattern));
  const waitForButton = (since: number, label: string) => waitFor(since, (m) => actionsOf(m).some((a) => a.label === label), `a button 「${label}」`);

  const newestAction = (label: string): ActionInfo => {
    for (const message of [...messages].reverse()) {
      const action = actionsOf(message).find((candidate) => candidate.label === label);
      if (action) return action;
    }
    throw new Error(`no button 「${label}」 in the bot's messages`);
  };
  const say = async (text: string) => {
    await postJson(`${api}/users/${userId}/messages`, { text });
  };
  const tap = async (label: string): Promise<string | undefined> => {
    const action = newestAction(label);
    if (action.type === 'uri') return action.uri;
    if (action.type === 'message') await postJson(`${api}/users/${userId}/actions`, { type: 'message', text: action.text ?? label });
    else await postJson(`${api}/users/${userId}/actions`, { type: 'postback', data: action.data ?? '', displayText: action.displayText ?? action.text ?? label });
    return undefined;
  };
  /** Fills in the one-time credential form as the owner's browser would (its cookie, its Origin). */
  const fillCredentialForm = async (formUrl: string) => {
    const page = await fetch(formUrl);
    const html = await page.text();
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!csrf) throw new Error(`no csrf field in the credential form:\n${html.slice(0, 500)}`);
    const saved = await fetch(formUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, Origin: new URL(formUrl).origin },
      body: new URLSearchParams({ csrf, ubn: fixture.ubn, account: fixture.account, password: fixture.password }).toString(),
    });
    if (saved.status !== 200) throw new Error(`the credential form answered HTTP ${saved.status}`);
  };

  return {
    userId,
    fixture,
    botMessages: () => messages,
    async reachPendingCaptcha() {
      let since = messages.length;
      await postJson(`${api}/users/${userId}/follow`, {});
      await waitForButton(since, '設定我的商店');
      since = messages.length;
      await tap('設定我的商店');
      await waitForText(since, /統一編號/);
      since = messages.length;
      await say(fixture.ubn);
      await waitForButton(since, '不是');
      since = messages.length;
      await tap('不是');
      await waitForButton(since, '一般稅額計算');
      since = messages.length;
      await tap('一般稅額計算');
      await waitFor(since, () => true, 'the question for the store name');
      since = messages.length;
      await say(fixture.storeName);
      await waitForButton(since, '填寫平台帳號密碼');
      since = messages.length;
      const formUrl = await tap('填寫平台帳號密碼');
      if (!formUrl) throw new Error('「填寫平台帳號密碼」 is not a link');
      await fillCredentialForm(formUrl);
      await waitForText(since, /平台帳號密碼已經安全儲存/);
      // The next reminder day: the reminder comes with one button to start.
      since = messages.length;
      await postJson(`${api}/clock`, { jump: 'next-reminder' });
      await waitForButton(since, '開始上傳');
      since = messages.length;
      await tap('開始上傳');
      await waitForText(since, /「未使用」/);
      since = messages.length;
      await say(fixture.ranges.join('\n'));
      await waitForButton(since, '確認上傳');
      since = messages.length;
      await tap('確認上傳');
      await waitFor(since, (m) => m.type === 'image', 'the captcha image');
    },
    close: () => stream.abort(),
  };
}

function describe(message: BotMessage): string {
  return message.type === 'text' ? message.text : `(${message.type})`;
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response.json();
}

async function postJson(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${url}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** Reads a server-sent event stream until it ends or is aborted, handing each `entry` event's data on. */
async function readStream(url: string, signal: AbortSignal, onEntry: (entry: Record<string, unknown>) => void): Promise<void> {
  try {
    const response = await fetch(url, { signal });
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === 'entry' && data) onEntry(JSON.parse(data) as Record<string, unknown>);
      }
    }
  } catch {
    // Aborted, or the bot stopped: the stream just ends.
  }
}

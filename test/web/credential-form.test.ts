// The one-time credential page over real HTTP against a real SQLite file, and once through a real
// headless Chromium the way an owner's phone would use it: by labels, with the browser's own cookies,
// Origin header and referrer policy.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import { SelectQueryNode, TableNode } from 'kysely';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { chromium } from 'playwright';
import type { Browser, BrowserContext, Page } from 'playwright';
import { AdjustableClock } from '../../src/clock.ts';
import { connectDatabase } from '../../src/db/connect.ts';
import { createLogger } from '../../src/log.ts';
import { createStore, ensureOwner, storeById } from '../../src/stores/repository.ts';
import { openCredentials } from '../../src/vault/credentials.ts';
import { singleKeyRing } from '../../src/vault/key-ring.ts';
import { createVault, generateKey } from '../../src/vault/vault.ts';
import type { Vault } from '../../src/vault/vault.ts';
import { ubnProblem } from '../../src/invoice/ubn.ts';
import { createCredentialForms } from '../../src/web/credential-form.ts';
import type { CredentialFormOptions, CredentialForms } from '../../src/web/credential-form.ts';
import { createTestDatabase } from '../support/db.ts';
import type { TestDatabase } from '../support/db.ts';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TTL_MS = 15 * 60 * 1000;
const UBN = '04595257';
const CSRF_COOKIE = 'credential_form_csrf';
const GONE_TITLE = '這個連結已經不能用了';
const FORBIDDEN_TITLE = '請從 LINE 重新打開連結';

// ——— Harness: one database, server and vault for the file; every test makes its own store and link ———

/** Every secret a test typed, every response body and every log line, for the final leak check. */
const secrets = { passwords: [] as string[], accounts: [] as string[], tokens: [] as string[] };
const responseBodies: string[] = [];
const logLines: string[] = [];
const log = createLogger(
  'debug',
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  }),
);

type SavedCall = { storeId: string; lineUserId: string };

interface Harness {
  readonly database: TestDatabase;
  readonly clock: AdjustableClock;
  readonly vault: Vault;
  readonly forms: CredentialForms;
  readonly baseUrl: string;
  readonly close: () => Promise<void>;
  readonly savedCalls: SavedCall[];
  onSaved: (saved: SavedCall) => Promise<void> | void;
}

interface Process {
  readonly forms: CredentialForms;
  readonly baseUrl: string;
  readonly close: () => Promise<void>;
}

/** One web process: the forms router on its own server, answering for publicBaseUrl (its own address by default). */
async function startProcess(options: Omit<CredentialFormOptions, 'publicBaseUrl' | 'log'> & { publicBaseUrl?: string }): Promise<Process> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const forms = createCredentialForms({ ...options, log, publicBaseUrl: options.publicBaseUrl ?? baseUrl });
  const app = express();
  app.use(forms.router);
  app.use((_req, res) => void res.status(404).json({ error: 'not found' }));
  server.on('request', app);
  return { forms, baseUrl, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function startHarness(publicBaseUrl?: string): Promise<Harness> {
  const database = await createTestDatabase();
  const clock = new AdjustableClock();
  const vault = createVault(singleKeyRing(Buffer.from(generateKey(), 'base64')));
  const savedCalls: SavedCall[] = [];
  const process = await startProcess({ db: database.db, vault, clock, publicBaseUrl, onSaved: (saved) => harness.onSaved(saved) });
  const harness: Harness = {
    database,
    clock,
    vault,
    forms: process.forms,
    baseUrl: process.baseUrl,
    savedCalls,
    onSaved: (saved) => void savedCalls.push(saved),
    close: async () => {
      await process.close();
      await database.dispose();
    },
  };
  return harness;
}

/**
 * Holds each look-up of a form and lets them go one at a time, so a second process has seen the link
 * as unused before the first one claims it: the worst interleaving, on every run. It only delays
 * results; the queries run on real SQLite.
 */
class LookupGate implements KyselyPlugin {
  readonly #lookups = new WeakSet<object>();
  readonly #held: Array<() => void> = [];
  #armed = false;
  #onHold: () => void = () => undefined;

  arm(): void {
    this.#armed = true;
  }

  /** Resolves once `count` look-ups are waiting at the gate. */
  holding(count: number): Promise<void> {
    return new Promise((resolve) => {
      this.#onHold = () => {
        if (this.#held.length >= count) resolve();
      };
      this.#onHold();
    });
  }

  releaseOne(): void {
    this.#held.shift()?.();
  }

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    if (SelectQueryNode.is(node) && node.from?.froms.some((from) => TableNode.is(from) && from.table.identifier.name === 'credential_forms')) {
      this.#lookups.add(queryId);
    }
    return node;
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.#armed && this.#lookups.has(queryId)) {
      await new Promise<void>((resolve) => {
        this.#held.push(resolve);
        this.#onHold();
      });
    }
    return result;
  }
}

let storeCount = 0;

/** A fresh owner and store, and a link for them. */
async function storeWithLink(harness: Harness, displayName = '阿明咖啡') {
  storeCount += 1;
  const lineUserId = `U${String(storeCount).padStart(32, '0')}`;
  const now = harness.clock.now();
  await ensureOwner(harness.database.db, lineUserId, now);
  const store = await createStore(harness.database.db, { ownerLineUserId: lineUserId, ubn: UBN, branchUbn: UBN, invoiceType: '07', displayName }, now);
  const link = await harness.forms.issueLink(harness.database.db, { storeId: store.id, lineUserId });
  const token = link.split('/').at(-1) ?? '';
  secrets.tokens.push(token);
  return { storeId: store.id, lineUserId, link, token };
}

async function sealedOf(harness: Harness, storeId: string): Promise<string | null> {
  return (await storeById(harness.database.db, storeId))?.sealed_credentials ?? null;
}

// ——— Plain HTTP, so tests control every header the browser would set ———

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        responseBodies.push(body);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

interface OpenedForm {
  readonly cookie: string;
  readonly csrf: string;
}

/** GET the form as a browser would, keeping the cookie it sets and the hidden field it writes. */
async function openForm(link: string): Promise<OpenedForm> {
  const reply = await send(link);
  assert.equal(reply.status, 200);
  const setCookie = (reply.headers['set-cookie'] ?? []).find((line) => line.startsWith(`${CSRF_COOKIE}=`));
  assert.ok(setCookie, 'the form sets its cookie');
  const csrf = /name="csrf" value="([^"]+)"/.exec(reply.body)?.[1];
  assert.ok(csrf, 'the form carries its hidden field');
  return { cookie: setCookie.split(';')[0] ?? '', csrf };
}

interface Submission {
  readonly ubn?: string;
  readonly account?: string;
  readonly password?: string;
  readonly csrf?: string | undefined;
  readonly cookie?: string | undefined;
  readonly origin?: string | undefined;
  readonly referer?: string | undefined;
}

function submit(link: string, submission: Submission): Promise<Reply> {
  const fields = new URLSearchParams();
  if (submission.csrf !== undefined) fields.set('csrf', submission.csrf);
  fields.set('ubn', submission.ubn ?? UBN);
  fields.set('account', submission.account ?? 'coffee01');
  fields.set('password', submission.password ?? '');
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (submission.cookie !== undefined) headers.cookie = submission.cookie;
  if (submission.origin !== undefined) headers.origin = submission.origin;
  if (submission.referer !== undefined) headers.referer = submission.referer;
  return send(link, { method: 'POST', headers, body: fields.toString() });
}

function newPassword(): string {
  const password = `Pw-${randomBytes(9).toString('base64url')}`;
  secrets.passwords.push(password);
  return password;
}

function newAccount(): string {
  const account = `acct${randomBytes(6).toString('hex')}`;
  secrets.accounts.push(account);
  return account;
}

/** The submission the served page would make: its cookie, its field, and the site's Origin. */
async function validSubmission(harness: Harness, link: string): Promise<Submission & { password: string; account: string }> {
  const form = await openForm(link);
  return { cookie: form.cookie, csrf: form.csrf, origin: harness.baseUrl, account: newAccount(), password: newPassword() };
}

function heading(html: string): string | undefined {
  return /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
}

// ——— The tests ———

describe('credential form', () => {
  let harness: Harness;
  let browser: Browser;

  before(async () => {
    harness = await startHarness();
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    if (harness) await harness.close();
  });

  async function phone(): Promise<BrowserContext> {
    return browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-TW' });
  }

  test('an owner fills the form in Chromium on a phone: stored sealed, onSaved once, then the link is spent', async () => {
    const { storeId, lineUserId, link } = await storeWithLink(harness, '阿明咖啡（台北車站前的那一家，營業到晚上十點）');
    const account = newAccount();
    const password = newPassword();
    const context = await phone();
    try {
      const page = await context.newPage();
      const opened = await page.goto(link);
      assert.equal(opened?.status(), 200);
      responseBodies.push(await page.content());
      await page.getByRole('heading', { name: '設定電子發票平台帳號' }).waitFor();
      await page.getByText('阿明咖啡（台北車站前的那一家', { exact: false }).waitFor();
      await page.getByText('密碼會加密保存，只用來幫你上傳空白發票號碼').waitFor();

      const ubnField = page.getByLabel('統一編號', { exact: true });
      assert.equal(await ubnField.inputValue(), UBN, 'the store’s 統一編號 is filled in');
      assert.equal(await ubnField.getAttribute('inputmode'), 'numeric');
      const passwordField = page.getByLabel('密碼', { exact: true });
      assert.equal(await passwordField.getAttribute('type'), 'password');
      assert.equal(await passwordField.getAttribute('autocomplete'), 'current-password');
      assert.ok(await noHorizontalScroll(page), 'no sideways scrolling at 390px');
      await page.setViewportSize({ width: 360, height: 740 });
      assert.ok(await noHorizontalScroll(page), 'no sideways scrolling at 360px');
      const buttonHeight = (await page.getByRole('button', { name: '儲存' }).boundingBox())?.height ?? 0;
      assert.ok(buttonHeight >= 48, `the button is a thumb-sized target (${buttonHeight}px)`);

      await ubnField.fill('0459 5257');
      await page.getByLabel('帳號', { exact: true }).fill(account);
      await passwordField.fill(password);
      const [posted] = await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        page.getByRole('button', { name: '儲存', exact: true }).click(),
      ]);
      assert.equal(posted.status(), 200);
      responseBodies.push(await posted.text());
      await page.getByRole('heading', { name: '已安全儲存 ✔' }).waitFor();
      await page.getByText('請回到 LINE').waitFor();
      assert.ok(await noHorizontalScroll(page), 'the success page fits too');

      const sealed = await sealedOf(harness, storeId);
      assert.ok(sealed);
      const credentials = openCredentials(harness.vault, storeId, sealed);
      assert.deepEqual([credentials.ubn, credentials.account, credentials.revealPassword()], [UBN, account, password]);
      assert.deepEqual(
        harness.savedCalls.filter((call) => call.storeId === storeId),
        [{ storeId, lineUserId }],
      );

      const again = await page.goto(link);
      assert.equal(again?.status(), 410);
      await page.getByRole('heading', { name: GONE_TITLE }).waitFor();
      await page.getByText('「商店設定」→「更新平台帳號密碼」').waitFor();
      assert.equal((await submit(link, { ...(await cookieFrom(context, link)), origin: harness.baseUrl, password })).status, 410);
    } finally {
      await context.close();
    }
  });

  test('the page is a self-contained, uncacheable, unframeable zh-TW document with a cookie scoped to this form', async () => {
    const { link, token } = await storeWithLink(harness, '<b>茶&咖啡</b>');
    const reply = await send(link);
    assert.equal(reply.status, 200);
    assert.match(reply.headers['content-type'] ?? '', /^text\/html; charset=utf-8/);
    assert.equal(reply.headers['cache-control'], 'no-store');
    assert.equal(reply.headers['referrer-policy'], 'same-origin');
    assert.equal(reply.headers['x-frame-options'], 'DENY');
    assert.equal(reply.headers['x-content-type-options'], 'nosniff');
    const csp = reply.headers['content-security-policy'] ?? '';
    for (const directive of ["default-src 'none'", "style-src 'unsafe-inline'", "form-action 'self'", "frame-ancestors 'none'"]) {
      assert.ok(csp.includes(directive), `CSP has ${directive}`);
    }
    assert.match(reply.body, /<html lang="zh-Hant-TW">/);
    assert.match(reply.body, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.doesNotMatch(reply.body, /<script|<link|src=|https?:\/\//, 'nothing is loaded from anywhere');
    assert.match(reply.body, /&lt;b&gt;茶&amp;咖啡&lt;\/b&gt;/, 'the store name is escaped');
    assert.ok(!reply.body.includes(token), 'the token is not repeated in the page');

    const cookie = (reply.headers['set-cookie'] ?? []).find((line) => line.startsWith(`${CSRF_COOKIE}=`)) ?? '';
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Strict/);
    assert.match(cookie, new RegExp(`; Path=/forms/credentials/${token}(;|$)`));
    assert.doesNotMatch(cookie, /; Secure/, 'plain http in the test');
  });

  test('the cookie is Secure when the public address is https', async () => {
    const secure = await startHarness('https://bot.example.com');
    try {
      const { link, token } = await storeWithLink(secure);
      assert.ok(link.startsWith(`https://bot.example.com/forms/credentials/`));
      const reply = await send(`${secure.baseUrl}/forms/credentials/${token}`);
      const cookie = (reply.headers['set-cookie'] ?? []).find((line) => line.startsWith(`${CSRF_COOKIE}=`)) ?? '';
      assert.match(cookie, /; Secure/);
    } finally {
      await secure.close();
    }
  });

  test('only the SHA-256 of the token is stored, and a link issued in a rolled-back transaction never works', async () => {
    const { link, token } = await storeWithLink(harness);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
    assert.ok(link.startsWith(`${harness.baseUrl}/forms/credentials/`));
    const rows = await harness.database.db.selectFrom('credential_forms').selectAll().execute();
    const mine = rows.find((row) => row.token_hash === createHash('sha256').update(token).digest('hex'));
    assert.ok(mine);
    assert.ok(rows.every((row) => !Object.values(row).includes(token)));
    assert.equal(new Date(mine.expires_at).getTime() - new Date(mine.created_at).getTime(), TTL_MS);

    const { storeId, lineUserId } = await storeWithLink(harness);
    let inside = '';
    await assert.rejects(
      harness.database.db.transaction().execute(async (trx) => {
        inside = await harness.forms.issueLink(trx, { storeId, lineUserId });
        throw new Error('roll back');
      }),
    );
    assert.equal((await send(inside)).status, 404);
  });

  test('an expired link is gone (410) for GET and POST, and stores nothing', async () => {
    const { storeId, link } = await storeWithLink(harness);
    const submission = await validSubmission(harness, link);
    harness.clock.advance(TTL_MS - 1000);
    assert.equal((await send(link)).status, 200, 'still open a second before the end');
    harness.clock.advance(2000);
    const get = await send(link);
    assert.equal(get.status, 410);
    assert.equal(heading(get.body), GONE_TITLE);
    assert.match(get.body, /回到 LINE，點「商店設定」→「更新平台帳號密碼」/);
    const post = await submit(link, submission);
    assert.equal(post.status, 410);
    assert.equal(await sealedOf(harness, storeId), null);
  });

  test('an unknown or malformed token is 404 with the same words as a spent link', async () => {
    const unknown = await send(`${harness.baseUrl}/forms/credentials/${randomBytes(32).toString('base64url')}`);
    assert.equal(unknown.status, 404);
    assert.equal(heading(unknown.body), GONE_TITLE);
    const malformed = await send(`${harness.baseUrl}/forms/credentials/abc`);
    assert.equal(malformed.status, 404);
    assert.equal(heading(malformed.body), GONE_TITLE);
    const spent = await storeWithLink(harness);
    assert.equal((await submit(spent.link, await validSubmission(harness, spent.link))).status, 200);
    const gone = await send(spent.link);
    assert.equal(gone.status, 410);
    assert.equal(gone.body, unknown.body, 'nothing but the status tells them apart');
  });

  test('a submit that may come from another site is refused (403), stores nothing and leaves the link usable', async () => {
    const { storeId, link } = await storeWithLink(harness);
    const good = await validSubmission(harness, link);
    const other = await openForm((await storeWithLink(harness)).link);
    const forged: Array<[string, Submission]> = [
      ['no cookie', { ...good, cookie: undefined }],
      ['no hidden field', { ...good, csrf: undefined }],
      ['neither', { ...good, cookie: undefined, csrf: undefined }],
      ['field differs from cookie', { ...good, csrf: other.csrf }],
      ['cookie of another form', { ...good, cookie: other.cookie }],
      ['foreign Origin', { ...good, origin: 'https://evil.example' }],
      ['same host, other port', { ...good, origin: 'http://127.0.0.1:1' }],
      ['Origin null', { ...good, origin: 'null' }],
      ['no Origin nor Referer', { ...good, origin: undefined }],
      ['foreign Referer without Origin', { ...good, origin: undefined, referer: `https://evil.example/forms/credentials/x` }],
    ];
    for (const [why, submission] of forged) {
      const reply = await submit(link, submission);
      assert.equal(reply.status, 403, why);
      assert.equal(heading(reply.body), FORBIDDEN_TITLE, why);
      assert.equal(await sealedOf(harness, storeId), null, why);
    }
    assert.equal(harness.savedCalls.filter((call) => call.storeId === storeId).length, 0);

    const fromReferer = await submit(link, { ...good, origin: undefined, referer: link });
    assert.equal(fromReferer.status, 200, 'a same-site Referer stands in for a missing Origin');
    assert.ok(await sealedOf(harness, storeId));
  });

  test('an invalid 統一編號 comes back with the checksum message, the account kept and the password field empty', async () => {
    const { storeId, link } = await storeWithLink(harness);
    const submission = await validSubmission(harness, link);
    const reply = await submit(link, { ...submission, ubn: '04595258' });
    assert.equal(reply.status, 422);
    const message = ubnProblem('04595258');
    assert.ok(message);
    assert.ok(reply.body.includes(message), 'the checksum message is shown');
    assert.match(reply.body, /<p class="problem" id="ubn-problem">/);
    assert.match(reply.body, /<input id="ubn" name="ubn"[^>]* value="04595258"[^>]*aria-invalid="true"/);
    assert.match(reply.body, new RegExp(`<input id="account" name="account"[^>]* value="${submission.account}"`));
    const passwordInput = /<input id="password"[^>]*>/.exec(reply.body)?.[0] ?? '';
    assert.ok(passwordInput !== '' && !passwordInput.includes('value='), 'the password field is empty');
    assert.ok(!reply.body.includes(submission.password));
    assert.match(reply.body, /為了安全，密碼請再輸入一次/);
    assert.equal(await sealedOf(harness, storeId), null);

    const fixed = await submit(link, { ...submission, ubn: '0459-5257' });
    assert.equal(fixed.status, 200, 'the same form, corrected, goes through');
    assert.equal(heading(fixed.body), '已安全儲存 ✔');
  });

  test('blank and overlong 帳號 and 密碼 are named next to their fields', async () => {
    const { storeId, link } = await storeWithLink(harness);
    const submission = await validSubmission(harness, link);
    const blank = await submit(link, { ...submission, account: '   ', password: '' });
    assert.equal(blank.status, 422);
    assert.match(blank.body, /id="account-problem">請輸入平台的帳號</);
    assert.match(blank.body, /id="password-problem">請輸入平台的密碼</);
    const long = await submit(link, { ...submission, account: 'a'.repeat(65), password: `${submission.password}${'x'.repeat(128)}` });
    assert.equal(long.status, 422);
    assert.match(long.body, /id="account-problem">帳號最多 64 個字/);
    assert.match(long.body, /id="password-problem">密碼最多 128 個字/);
    assert.ok(!long.body.includes(submission.password));
    assert.equal(await sealedOf(harness, storeId), null);

    const edge = await submit(link, { ...submission, account: ` ${'a'.repeat(64)} `, password: ` ${'p'.repeat(126)} ` });
    assert.equal(edge.status, 200, '64 and 128 characters are allowed');
    const credentials = openCredentials(harness.vault, storeId, (await sealedOf(harness, storeId)) ?? '');
    assert.equal(credentials.account, 'a'.repeat(64), 'the account is trimmed');
    assert.equal(credentials.revealPassword(), ` ${'p'.repeat(126)} `, 'the password is kept exactly as typed');
  });

  test('two submits racing on one link, even from two processes sharing the database: exactly one is stored', async () => {
    const { storeId, lineUserId, link } = await storeWithLink(harness);
    const first = await validSubmission(harness, link);
    const second = { ...first, password: newPassword() };

    const samePath = (await Promise.all([submit(link, first), submit(link, second)])).map((reply) => reply.status).sort();
    assert.deepEqual(samePath, [200, 410], 'one process');
    const stored = openCredentials(harness.vault, storeId, (await sealedOf(harness, storeId)) ?? '');
    assert.ok([first.password, second.password].includes(stored.revealPassword()));

    // Two processes on one SQLite file, each with its own connection (as separate web processes would be).
    const raced = await storeWithLink(harness);
    const gate = new LookupGate();
    const connections = [0, 1].map(() => connectDatabase(`sqlite:${harness.database.path}`).withPlugin(gate));
    const processes = await Promise.all(
      connections.map((db) => startProcess({ db, vault: harness.vault, clock: harness.clock, publicBaseUrl: harness.baseUrl, onSaved: (saved) => harness.onSaved(saved) })),
    );
    try {
      const a = await validSubmission(harness, raced.link);
      const b = { ...a, password: newPassword() };
      gate.arm();
      const pending = [a, b].map((submission, i) => submit(raced.link.replace(harness.baseUrl, processes[i]?.baseUrl ?? ''), submission));
      await gate.holding(2);
      gate.releaseOne();
      const firstDone = await Promise.race(pending);
      assert.equal(firstDone.status, 200, 'the first claim wins');
      gate.releaseOne();
      const replies = await Promise.all(pending);
      assert.deepEqual(replies.map((reply) => reply.status).sort(), [200, 410], 'the second found the link open, then lost the claim');
      const winner = replies[0]?.status === 200 ? a : b;
      const sealed = openCredentials(harness.vault, raced.storeId, (await sealedOf(harness, raced.storeId)) ?? '');
      assert.equal(sealed.revealPassword(), winner.password);
    } finally {
      await Promise.all(processes.map((process) => process.close()));
      await Promise.all(connections.map((db) => db.destroy()));
    }
    for (const ids of [{ storeId, lineUserId }, { storeId: raced.storeId, lineUserId: raced.lineUserId }]) {
      assert.deepEqual(
        harness.savedCalls.filter((call) => call.storeId === ids.storeId),
        [ids],
      );
    }
  });

  test('a failing onSaved is logged, and the owner still sees that the credentials were saved', async () => {
    const { storeId, link } = await storeWithLink(harness);
    harness.onSaved = () => Promise.reject(new Error('LINE push failed'));
    try {
      const reply = await submit(link, await validSubmission(harness, link));
      assert.equal(reply.status, 200);
      assert.equal(heading(reply.body), '已安全儲存 ✔');
      assert.ok(await sealedOf(harness, storeId));
      assert.match(logLines.join(''), /onSaved failed/);
    } finally {
      harness.onSaved = (saved) => void harness.savedCalls.push(saved);
    }
  });

  test('a body over 10 kB is refused with a page, and nothing is stored', async () => {
    const { storeId, link } = await storeWithLink(harness);
    const submission = await validSubmission(harness, link);
    const reply = await submit(link, { ...submission, account: 'a'.repeat(11 * 1024) });
    assert.equal(reply.status, 413);
    assert.match(reply.body, /<html lang="zh-Hant-TW">/);
    assert.equal(await sealedOf(harness, storeId), null);
  });

  test('a new link closes the owner\'s earlier unused links for that store, and only those', async () => {
    const first = await storeWithLink(harness);
    const opened = await validSubmission(harness, first.link);
    const sameOwnerStore = await createStore(
      harness.database.db,
      { ownerLineUserId: first.lineUserId, ubn: UBN, branchUbn: '12345675', invoiceType: '07', displayName: '阿明咖啡二店' },
      harness.clock.now(),
    );
    assert.notEqual(sameOwnerStore.id, first.storeId);
    const reissue = async (target: { storeId: string; lineUserId: string }) => {
      const link = await harness.forms.issueLink(harness.database.db, target);
      secrets.tokens.push(link.split('/').at(-1) ?? '');
      return link;
    };
    const otherStoreLink = await reissue({ storeId: sameOwnerStore.id, lineUserId: first.lineUserId });
    const second = await reissue(first);
    const third = await reissue(first);

    for (const older of [first.link, second]) {
      const get = await send(older);
      assert.equal(get.status, 410, 'an older link is gone');
      assert.equal(heading(get.body), GONE_TITLE);
      assert.match(get.body, /或已經有新的連結了/);
      assert.match(get.body, /請點最新的那一個/);
      assert.match(get.body, /回到 LINE，點「商店設定」→「更新平台帳號密碼」/);
    }
    const late = await submit(first.link, opened);
    assert.equal(late.status, 410, 'a form opened before the new link was sent cannot be submitted after');
    assert.equal(await sealedOf(harness, first.storeId), null);

    assert.equal((await send(otherStoreLink)).status, 200, 'the same owner\'s other store keeps its link');
    assert.equal((await submit(third, await validSubmission(harness, third))).status, 200, 'the newest link works');
    assert.ok(await sealedOf(harness, first.storeId));

    // A link issued in a transaction that rolls back closes nothing either.
    const kept = await storeWithLink(harness);
    await assert.rejects(
      harness.database.db.transaction().execute(async (trx) => {
        await harness.forms.issueLink(trx, { storeId: kept.storeId, lineUserId: kept.lineUserId });
        throw new Error('roll back');
      }),
    );
    assert.equal((await send(kept.link)).status, 200);
  });

  test('the log tells issued, used and refused apart by store, and no password, account or token reached a log or a response', () => {
    const logText = logLines.join('');
    for (const message of ['credential form issued', 'credential form used', 'credential form refused']) {
      assert.ok(logText.includes(`"msg":"${message}"`), message);
    }
    assert.ok(secrets.passwords.length > 5 && responseBodies.length > 20, 'the earlier tests ran');
    for (const password of secrets.passwords) {
      assert.ok(!logText.includes(password), 'password in the log');
      assert.ok(!responseBodies.some((body) => body.includes(password)), 'password in a response');
    }
    for (const account of secrets.accounts) assert.ok(!logText.includes(account), 'account in the log');
    for (const token of secrets.tokens) assert.ok(!logText.includes(token), 'token in the log');
  });
});

async function noHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/** The form cookie the browser holds for this link, for replaying its submit over plain HTTP. */
async function cookieFrom(context: BrowserContext, link: string): Promise<{ cookie: string | undefined }> {
  const cookies = await context.cookies(link);
  const found = cookies.find((cookie) => cookie.name === CSRF_COOKIE);
  return { cookie: found ? `${found.name}=${found.value}` : undefined };
}

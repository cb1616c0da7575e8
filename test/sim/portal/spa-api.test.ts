// The spa layout's server side over plain HTTP: the shell, the JSON API with the platform's
// rules, the login book, and the same /__sim endpoint as the server-rendered layouts.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createPortalSimulator } from '../../../src/sim/portal/index.ts';
import { COFFEE, CURRENT, HOUR_MS, JUST_ENDED, SNACK, json } from './helpers.ts';
import type { Started } from './helpers.ts';
import { ApiClient, apiLoggedIn, apiLogin, captchaAnswer, solvedCaptcha, startSpa } from './spa-helpers.ts';

interface SaveResult {
  readonly results: ReadonlyArray<{ track: string; start: string; end: string; ok: boolean; message: string; line: string }>;
}

interface ListAnswer {
  readonly rows: ReadonlyArray<{ id: number; branch: string; invoiceType: string; period: string; track: string; start: string; end: string; selectLabel: string }>;
  readonly page: number;
  readonly lastPage: number;
  readonly total: number;
  readonly status: string;
}

function row(track: string, start: string, end: string, ubn: string = COFFEE.ubn, invoiceType = '07') {
  return { ubn, invoiceType, track, start, end };
}

/** MM ranges of 10 numbers from 16940000 on. */
function mmRows(count: number) {
  return Array.from({ length: count }, (_, i) => row('MM', String(16940000 + i * 10), String(16940009 + i * 10)));
}

describe('portal simulator spa layout: shell and JSON API', () => {
  let started: Started;
  before(async () => {
    started = await startSpa();
  });
  after(() => started.close());
  beforeEach(() => started.sim.reset());

  it('answers every history route with the same shell, and serves the app as static files', async () => {
    const client = new ApiClient(started.url);
    const shells = [];
    for (const path of ['/', '/accounts/login', '/business', '/business/blank', '/no/such/route']) {
      const page = await client.text(path);
      assert.equal(page.status, 200, path);
      assert.match(page.text, /<script type="application\/json" id="sim-config">/);
      assert.match(page.text, /role="progressbar"[^>]*>載入中…</);
      shells.push(page.text);
    }
    assert.equal(new Set(shells).size, 1);
    assert.ok(client.cookie('SIMVISITOR'), 'the captcha cookie is set before the first fetch');
    for (const asset of ['/assets/app.js', '/assets/views/login.js', '/assets/style.css']) {
      assert.equal((await client.text(asset)).status, 200, asset);
    }
    assert.equal((await client.text('/assets/missing.js')).status, 404);
    const unknown = await client.get('/api/nothing-here');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'not-found');
    assert.equal(started.sim.state.layout, 'spa');
  });

  it('sends the captcha as a PNG data URL that /__sim/captcha-answer knows by its sha256', async () => {
    const client = new ApiClient(started.url);
    const first = await client.get<{ image: string }>('/api/captcha');
    const second = await client.get<{ image: string }>('/api/captcha');
    assert.match(first.body.image, /^data:image\/png;base64,iVBORw0KGgo/);
    assert.notEqual(first.body.image, second.body.image);
    assert.equal(first.headers.get('cache-control'), 'no-store');
    assert.match(await captchaAnswer(started.url, second.body.image), /^\d{5}$/);
  });

  it('logs in with an HttpOnly session cookie and records the attempt as the classic layout does', async () => {
    const client = new ApiClient(started.url);
    assert.deepEqual((await client.get('/api/session')).body, { loggedIn: false });
    const answer = await apiLogin(client, COFFEE, await solvedCaptcha(client));
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { welcome: '歡迎: 小林咖啡' });
    assert.match(answer.headers.getSetCookie().find((c) => c.startsWith('SIMSESSION=')) ?? '', /HttpOnly/);
    assert.deepEqual((await client.get('/api/session')).body, { loggedIn: true, welcome: '歡迎: 小林咖啡' });
    assert.deepEqual(started.sim.state.loginAttempts().map(({ ubn, account, outcome }) => ({ ubn, account, outcome })),
      [{ ubn: COFFEE.ubn, account: COFFEE.account, outcome: 'success' }]);
    assert.equal((await client.post('/api/logout', {})).status, 200);
    assert.equal((await client.get('/api/blank')).status, 401);
  });

  it('refuses a wrong captcha, an unknown account and wrong passwords with the platform texts, then locks', async () => {
    const client = new ApiClient(started.url);
    await client.get('/api/captcha');
    const captcha = await apiLogin(client, COFFEE, '00000x');
    assert.equal(captcha.status, 400);
    assert.deepEqual(captcha.body, { code: 'refused', message: '圖形驗證碼錯誤，請重新輸入', reason: 'captcha-wrong' });
    const unknown = await apiLogin(client, { ...COFFEE, account: 'nobody' }, await solvedCaptcha(client));
    assert.equal(unknown.body.message, '帳號或統一編號錯誤');
    for (let i = 1; i <= 4; i++) {
      const wrong = await apiLogin(client, { ...COFFEE, password: `Wrong-${i}` }, await solvedCaptcha(client));
      assert.equal(wrong.body.message, `密碼錯誤，連續錯誤5次將鎖定帳號（已錯誤 ${i} 次）`);
    }
    const fifth = await apiLogin(client, { ...COFFEE, password: 'Wrong-5' }, await solvedCaptcha(client));
    assert.equal(fifth.body.message, '帳號已鎖定，請於30分鐘後再試，或使用忘記密碼功能');
    const locked = await apiLogin(client, COFFEE, await solvedCaptcha(client));
    assert.equal(locked.body.reason, 'locked');
    const { attempts } = await json<{ attempts: Array<{ outcome: string }> }>(`${started.url}/__sim/login-attempts`);
    assert.deepEqual(attempts.map((a) => a.outcome), [
      'captcha-wrong', 'unknown-account', 'wrong-password', 'wrong-password', 'wrong-password', 'wrong-password', 'locked-now', 'locked',
    ]);
    assert.doesNotMatch(JSON.stringify(attempts), /Wrong-|Sim-Pass/);
  });

  it('uses a captcha once and refuses consumer logins without recording them', async () => {
    const client = new ApiClient(started.url);
    const answer = await solvedCaptcha(client);
    assert.equal((await apiLogin(client, { ...COFFEE, password: 'x' }, answer)).body.reason, 'wrong-password');
    assert.equal((await apiLogin(client, COFFEE, answer)).body.reason, 'captcha-wrong', 'the captcha was used up');
    const consumer = await client.post('/api/login', { identity: 'consumer', phone: '0912345678', password: 'x', captcha: await solvedCaptcha(client) });
    assert.deepEqual(consumer.body, { code: 'refused', message: '手機號碼/載具或密碼錯誤', reason: 'unknown-account' });
    assert.equal(started.sim.state.loginAttempts().length, 2);
    assert.equal((await client.post('/api/login', { identity: 'robot' })).status, 400);
  });

  it('offers the periods unpadded, newest first, with the one due now marked (本期) and chosen', async () => {
    const client = await apiLoggedIn(started.url);
    const { body } = await client.get<{ periods: Array<{ key: string; label: string }>; chosen: string }>('/api/blank');
    assert.equal(body.chosen, JUST_ENDED);
    assert.deepEqual(body.periods.slice(0, 3), [
      { key: CURRENT, label: '115/11~115/12' },
      { key: JUST_ENDED, label: '115/9~115/10 (本期)' },
      { key: '11508', label: '115/7~115/8' },
    ]);
    assert.equal(body.periods.length, 7);
  });

  it('gives the 新增 form each 統一編號 with the tracks allocated to it', async () => {
    const snack = await apiLoggedIn(started.url, SNACK);
    const { body } = await snack.get(`/api/blank/form?period=${JUST_ENDED}`);
    assert.deepEqual(body.ubns, [SNACK.ubn, SNACK.branch]);
    assert.deepEqual(body.tracks, { [SNACK.ubn]: ['ZZ'], [SNACK.branch]: ['ZY'] });
    assert.equal(body.periodLine, '字軌期別: 115/9~115/10');
    assert.equal((await snack.get('/api/blank/form?period=10001')).status, 400);
  });

  it('judges each saved row by the platform rules and answers one line per row', async () => {
    const client = await apiLoggedIn(started.url);
    const { status, body } = await client.post<SaveResult>('/api/blank/rows', { period: JUST_ENDED, rows: [
      row('MM', '16937074', '16937099'),
      row('', '', ''),
      row('MM', '16937090', '16937095'),
      row('MM', '16946990', '16947010'),
      row('ZZ', '00000001', '00000002'),
      row('AB', '1234', '12345999'),
      row('AB', '12345999', '12345950'),
      row('AB', '12345950', '12345999', SNACK.ubn),
    ] });
    assert.equal(status, 200);
    assert.deepEqual(body.results.map((r) => r.line), [
      'MM 16937074～16937099：新增成功',
      'MM 16937090～16937095：空白發票新增失敗，請確認是否有輸入相同區間',
      'MM 16946990～16947010：號碼不在配號區間內',
      'ZZ 00000001～00000002：該字軌非此營業人於本期之配號',
      'AB 1234～12345999：起始編號/終止編號須為8碼數字',
      'AB 12345999～12345950：終止編號不可小於起始編號',
      'AB 12345950～12345999：統一編號非此營業人或其分支機構',
    ]);
    assert.deepEqual(body.results.map((r) => r.ok), [true, false, false, false, false, false, false]);
    const closed = await client.post<SaveResult>('/api/blank/rows', { period: CURRENT, rows: [row('AB', '12345000', '12345001')] });
    assert.equal(closed.body.results[0]?.message, '該期別尚未開放上傳');
    const nothing = await client.post('/api/blank/rows', { period: JUST_ENDED, rows: [row('', '', '')] });
    assert.deepEqual([nothing.status, nothing.body.message], [400, '請至少輸入一筆資料']);
    assert.equal(started.sim.state.rows().length, 1);
    assert.equal((await client.post('/api/blank/rows', { period: JUST_ENDED, rows: 'MM' })).status, 400);
  });

  it('lists the rows only after the delay, 10 a page, the last page again past the end', async () => {
    const client = await apiLoggedIn(started.url);
    await client.post('/api/blank/rows', { period: JUST_ENDED, rows: mmRows(23) });
    const early = await client.get<ListAnswer>(`/api/blank/rows?period=${JUST_ENDED}&page=1`);
    assert.equal(early.body.total, 0);
    started.sim.advanceClock(2 * HOUR_MS);
    const first = await client.get<ListAnswer>(`/api/blank/rows?period=${JUST_ENDED}&page=1`);
    assert.deepEqual([first.body.page, first.body.lastPage, first.body.total, first.body.rows.length], [1, 3, 23, 10]);
    assert.equal(first.body.status, '第 1 / 3 頁，共 23 筆');
    assert.deepEqual(first.body.rows[0], {
      id: first.body.rows[0]?.id, branch: COFFEE.ubn, invoiceType: '一般稅額計算', period: '115/9~115/10',
      track: 'MM', start: '16940000', end: '16940009', selectLabel: '選取 MM16940000-16940009',
    });
    const past = await client.get<ListAnswer>(`/api/blank/rows?period=${JUST_ENDED}&page=4`);
    assert.deepEqual([past.body.page, past.body.rows.length, past.body.rows[0]?.start], [3, 3, '16940200']);
    const other = await apiLoggedIn(started.url, SNACK);
    assert.equal((await other.get<ListAnswer>(`/api/blank/rows?period=${JUST_ENDED}`)).body.total, 0, 'only the account’s own rows');
  });

  it('deletes the checked rows of the account only', async () => {
    const client = await apiLoggedIn(started.url);
    await client.post('/api/blank/rows', { period: JUST_ENDED, rows: mmRows(3) });
    started.sim.advanceClock(2 * HOUR_MS);
    const ids = started.sim.state.rows().map((r) => r.id);
    const snack = await apiLoggedIn(started.url, SNACK);
    assert.equal((await snack.post('/api/blank/rows/delete', { period: JUST_ENDED, ids })).body.deleted, 0);
    const none = await client.post('/api/blank/rows/delete', { period: JUST_ENDED, ids: [] });
    assert.deepEqual([none.status, none.body.message], [400, '請勾選要刪除的資料']);
    const deleted = await client.post('/api/blank/rows/delete', { period: JUST_ENDED, ids: ids.slice(0, 2) });
    assert.deepEqual(deleted.body, { deleted: 2, message: '已刪除 2 筆' });
    assert.equal(started.sim.state.rows().length, 1);
  });

  it('answers 401 「閒置時間過久」 without a live session, and after the idle time', async () => {
    const anonymous = await new ApiClient(started.url).get('/api/menu');
    assert.deepEqual([anonymous.status, anonymous.body.code, anonymous.body.message], [401, 'expired', '閒置時間過久或尚未登入，請重新登入']);
    const other = await startSpa({ sessionIdleMs: 20 * 60_000 });
    try {
      const client = await apiLoggedIn(other.url);
      const again = await apiLoggedIn(other.url);
      other.sim.advanceClock(20 * 60_000 + 1);
      assert.equal((await client.get('/api/blank')).status, 401);
      assert.deepEqual((await again.get('/api/session')).body, { loggedIn: false, expired: true }, 'said once, for the app’s alert');
      assert.deepEqual((await again.get('/api/session')).body, { loggedIn: false });
    } finally {
      await other.close();
    }
  });

  it('builds the side menu with the seed path inside expanding groups', async () => {
    const client = await apiLoggedIn(started.url);
    const { body } = await client.get<{ items: Array<{ kind: string; label: string; items?: Array<{ kind: string; label: string; items?: Array<{ label: string; route?: string }> }> }> }>('/api/menu');
    const track = body.items.find((i) => i.label === '電子發票專用字軌號碼取號');
    const upload = track?.items?.find((i) => i.label === '電子發票上傳作業');
    assert.equal(upload?.kind, 'group');
    assert.deepEqual(upload?.items?.[0], { kind: 'link', label: '上傳未使用空白發票號碼(作業)', route: '/business/blank' });
    assert.ok(body.items.length >= 4);
  });
});

describe('portal simulator spa layout: options', () => {
  it('puts the drifted labels in the app config and the menu', async () => {
    const started = await startSpa({ labels: 'drift', businessChoice: 'dropdown' });
    try {
      const shell = (await new ApiClient(started.url).text('/')).text;
      const config = JSON.parse(/id="sim-config">([^<]*)<\/script>/.exec(shell)?.[1] ?? '{}') as Record<string, unknown>;
      assert.equal(config.businessChoice, 'dropdown');
      assert.deepEqual(config.labels, {
        start: '發票起號', end: '發票迄號', save: '儲存', saveConfirm: '確定要儲存嗎？', blankUpload: '空白未使用發票字軌號碼維護',
        add: '新增資料', query: '搜尋', captcha: '驗證碼', captchaRefresh: '重新產生驗證碼', listStart: '起號', listEnd: '迄號', next: '下頁',
      });
      const client = await apiLoggedIn(started.url);
      assert.match(JSON.stringify((await client.get('/api/menu')).body), /"空白未使用發票字軌號碼維護"/);
      assert.doesNotMatch(JSON.stringify((await client.get('/api/menu')).body), /上傳未使用空白發票號碼/);
    } finally {
      await started.close();
    }
  });

  it('refuses a loading range that is not 0 ≤ min ≤ max', () => {
    assert.throws(() => createPortalSimulator({ layout: 'spa', loadingMs: { min: 50, max: 10 } }), /loadingMs/);
  });
});

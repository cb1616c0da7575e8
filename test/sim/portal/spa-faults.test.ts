// The spa layout's bad days over plain HTTP: maintenance, slowness, a session that expires at a
// given step, a failing 存檔, a captcha that never passes, and the bot check in front of it all.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { COFFEE, JUST_ENDED, json, postJson } from './helpers.ts';
import type { Started } from './helpers.ts';
import { ApiClient, apiLoggedIn, apiLogin, solvedCaptcha, startSpa } from './spa-helpers.ts';

const VALID_ROWS = [{ ubn: COFFEE.ubn, invoiceType: '07', track: 'MM', start: '16937074', end: '16937099' }];
const MAINTENANCE_SENTENCE = /^電子發票整合服務平台於 \d{3}\/\d\d\/\d\d \d\d:00 至 \d{3}\/\d\d\/\d\d \d\d:00 進行系統維護，暫停服務，造成不便敬請見諒。$/;

describe('portal simulator spa layout: faults', () => {
  let started: Started;
  before(async () => {
    started = await startSpa();
  });
  after(() => started.close());
  beforeEach(() => started.sim.reset());

  it('maintenance: the API and the shell answer 503, the app files and /__sim do not', async () => {
    const client = await apiLoggedIn(started.url);
    started.sim.setFaults({ maintenance: true });
    for (const path of ['/api/session', '/api/blank', '/api/captcha', `/api/blank/rows?period=${JUST_ENDED}`]) {
      const answer = await client.get(path);
      assert.equal(answer.status, 503, path);
      assert.equal(answer.body.code, 'maintenance');
      assert.equal(answer.body.message, '系統維護中，暫停服務');
      assert.match(String(answer.body.detail), MAINTENANCE_SENTENCE);
      assert.equal(answer.headers.get('retry-after'), String(6 * 3600));
    }
    const shell = await client.text('/business/blank');
    assert.equal(shell.status, 503);
    assert.match(shell.text, /id="sim-config"/, 'the shell still boots the app, which shows the notice');
    assert.equal((await client.text('/assets/app.js')).status, 200);
    const login = await new ApiClient(started.url).post('/api/login', { identity: 'business', ubn: COFFEE.ubn, account: COFFEE.account, password: 'x', captcha: '12345' });
    assert.equal(login.status, 503);
    const { attempts } = await json<{ attempts: Array<{ outcome: string; ubn: string }> }>(`${started.url}/__sim/login-attempts`);
    assert.deepEqual(attempts.at(-1), { ...attempts.at(-1), ubn: COFFEE.ubn, outcome: 'maintenance' });
    started.sim.setFaults({ maintenance: false });
    assert.equal((await client.get('/api/blank')).status, 200, 'the session survives the maintenance window');
  });

  it('slowMs: delays the API and the shell but not /__sim or the app files', async () => {
    started.sim.setFaults({ slowMs: 300 });
    const client = new ApiClient(started.url);
    for (const path of ['/api/session', '/']) {
      const t0 = Date.now();
      await client.text(path);
      assert.ok(Date.now() - t0 >= 290, `${path} was slowed down`);
    }
    const t1 = Date.now();
    await json(`${started.url}/__sim/now`);
    await client.text('/assets/app.js');
    assert.ok(Date.now() - t1 < 250);
  });

  for (const [point, request] of [
    ['blankPage', (c: ApiClient) => c.get('/api/blank')],
    ['query', (c: ApiClient) => c.get(`/api/blank/rows?period=${JUST_ENDED}`)],
    ['save', (c: ApiClient) => c.post('/api/blank/rows', { period: JUST_ENDED, rows: VALID_ROWS })],
  ] as const) {
    it(`expireSessionOn ${point}: that call answers 401 once and ends the session`, async () => {
      const client = await apiLoggedIn(started.url);
      started.sim.setFaults({ expireSessionOn: point });
      assert.equal((await client.get('/api/menu')).status, 200, 'other calls are unaffected');
      const expired = await request(client);
      assert.deepEqual([expired.status, expired.body.code, expired.body.message], [401, 'expired', '閒置時間過久或尚未登入，請重新登入']);
      assert.equal(started.sim.state.faults().expireSessionOn, null);
      assert.equal(started.sim.state.rows().length, 0);
      assert.equal((await client.get('/api/menu')).status, 401, 'the session is gone');
      assert.equal((await request(await apiLoggedIn(started.url))).status, 200, 'a new login works');
    });
  }

  it('saveServerError: 存檔 answers 500 「系統發生錯誤，請稍後再試」 and saves nothing', async () => {
    const client = await apiLoggedIn(started.url);
    started.sim.setFaults({ saveServerError: true });
    const failed = await client.post('/api/blank/rows', { period: JUST_ENDED, rows: VALID_ROWS });
    assert.deepEqual([failed.status, failed.body.code, failed.body.message], [500, 'server', '系統發生錯誤，請稍後再試']);
    assert.equal(started.sim.state.rows().length, 0);
    started.sim.setFaults({ saveServerError: false });
    assert.equal((await client.post('/api/blank/rows', { period: JUST_ENDED, rows: VALID_ROWS })).status, 200);
    assert.equal(started.sim.state.rows().length, 1);
  });

  it('captchaAlwaysWrong: even the right answer is refused', async () => {
    started.sim.setFaults({ captchaAlwaysWrong: true });
    const client = new ApiClient(started.url);
    assert.equal((await apiLogin(client, COFFEE, await solvedCaptcha(client))).body.message, '圖形驗證碼錯誤，請重新輸入');
    started.sim.setFaults({ captchaAlwaysWrong: false });
    assert.equal((await apiLogin(client, COFFEE, await solvedCaptcha(client))).status, 200);
  });

  it('answers a body that is not JSON with 400', async () => {
    const response = await fetch(`${started.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    assert.equal(response.status, 400);
  });
});

describe('portal simulator spa layout: bot check', () => {
  it('puts 「正在執行安全驗證」 in front of a new visitor until its script answers, about a second later', async () => {
    const started = await startSpa({ botCheck: true });
    try {
      const client = new ApiClient(started.url);
      const page = await client.text('/accounts/login');
      assert.equal(page.status, 200);
      assert.match(page.text, /<h1>正在執行安全驗證<\/h1>/);
      assert.doesNotMatch(page.text, /sim-config/);
      const api = await client.get('/api/session');
      assert.deepEqual([api.status, api.body.code], [403, 'bot-check']);
      assert.equal((await json<{ rows: unknown[] }>(`${started.url}/__sim/rows`)).rows.length, 0, '/__sim is not behind it');

      const challenge = /challenge: "([0-9a-f]+)"/.exec(page.text)?.[1] ?? '';
      const verify = () => client.post('/cdn-cgi/challenge-platform/verify', { challenge });
      assert.equal((await verify()).status, 403, 'too fast for a person');
      await sleep(1_000);
      assert.equal((await verify()).status, 204);
      assert.ok(client.cookie('sim_clearance'));
      assert.match((await client.text('/accounts/login')).text, /sim-config/);
      assert.equal((await client.get('/api/session')).status, 200);
      assert.equal((await new ApiClient(started.url).post('/cdn-cgi/challenge-platform/verify', { challenge })).status, 403, 'answered once only');
    } finally {
      await started.close();
    }
  });

  it('can be switched on and off as the botCheck fault', async () => {
    const started = await startSpa();
    try {
      assert.equal((await postJson(`${started.url}/__sim/faults`, { botCheck: true })).status, 200);
      assert.match((await new ApiClient(started.url).text('/')).text, /正在執行安全驗證/);
      started.sim.setFaults({ botCheck: false });
      assert.match((await new ApiClient(started.url).text('/')).text, /sim-config/);
    } finally {
      await started.close();
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  COFFEE,
  Client,
  HOUR_MS,
  alertText,
  captchaSrc,
  json,
  loggedIn,
  solveCaptcha,
  startSim,
  submitLogin,
  textOf,
} from './helpers.ts';
import type { Started } from './helpers.ts';
import type { LoginAttempt } from '../../../src/sim/portal/index.ts';

describe('portal simulator: login', () => {
  let started: Started;
  before(async () => {
    started = await startSim({ sessionIdleMs: 20 * 60_000 });
  });
  after(() => started.close());
  beforeEach(() => started.sim.reset());

  it('logs in with 統一編號, 帳號, 密碼 and the captcha, and lands on the menu', async () => {
    const client = new Client(started.url);
    const page = await submitLogin(client, COFFEE);
    assert.equal(page.status, 200);
    assert.equal(page.path, '/menu');
    assert.match(textOf(page.html), /歡迎: 小林咖啡/);
    assert.ok(client.cookie('SIMSESSION'));
  });

  it('sets an HttpOnly session cookie and answers the login with 303 to /menu', async () => {
    const client = new Client(started.url);
    const home = await client.get('/');
    const captcha = await solveCaptcha(client, home.html);
    const response = await fetch(`${started.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `SIMVISITOR=${client.cookie('SIMVISITOR')}` },
      body: new URLSearchParams({ ban: COFFEE.ubn, userId: COFFEE.account, password: COFFEE.password, captchaCode: captcha }).toString(),
    });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/menu');
    const session = response.headers.getSetCookie().find((c) => c.startsWith('SIMSESSION='));
    assert.match(session ?? '', /HttpOnly/);
  });

  it('refuses a wrong captcha before looking at the account', async () => {
    const page = await submitLogin(new Client(started.url), { ...COFFEE, password: 'wrong', captcha: '00000x' });
    assert.equal(page.path, '/login');
    assert.equal(alertText(page.html), '圖形驗證碼錯誤，請重新輸入');
    assert.equal(started.sim.state.loginAttempts().at(-1)?.outcome, 'captcha-wrong');
  });

  it('refuses an unknown 統一編號 + 帳號 pair', async () => {
    const page = await submitLogin(new Client(started.url), { ...COFFEE, account: 'nobody' });
    assert.equal(alertText(page.html), '帳號或統一編號錯誤');
    const other = await submitLogin(new Client(started.url), { ...COFFEE, ubn: '10458575' });
    assert.equal(alertText(other.html), '帳號或統一編號錯誤');
  });

  it('counts wrong passwords and keeps 統一編號 and 帳號 filled in, never the password', async () => {
    const client = new Client(started.url);
    const first = await submitLogin(client, { ...COFFEE, password: 'Wrong-1' });
    assert.equal(alertText(first.html), '密碼錯誤，連續錯誤5次將鎖定帳號（已錯誤 1 次）');
    assert.match(first.html, /value="04595257"/);
    assert.match(first.html, /value="coffee01"/);
    assert.doesNotMatch(first.html, /Wrong-1/);
    const second = await submitLogin(client, { ...COFFEE, password: 'Wrong-2' });
    assert.equal(alertText(second.html), '密碼錯誤，連續錯誤5次將鎖定帳號（已錯誤 2 次）');
  });

  it('locks the account on the 5th wrong password for 30 minutes of simulator time', async () => {
    const client = new Client(started.url);
    for (let i = 1; i <= 4; i++) {
      const page = await submitLogin(client, { ...COFFEE, password: `Wrong-${i}` });
      assert.equal(alertText(page.html), `密碼錯誤，連續錯誤5次將鎖定帳號（已錯誤 ${i} 次）`);
    }
    const fifth = await submitLogin(client, { ...COFFEE, password: 'Wrong-5' });
    assert.equal(alertText(fifth.html), '帳號已鎖定，請於30分鐘後再試，或使用忘記密碼功能');
    const correctButLocked = await submitLogin(client, COFFEE);
    assert.equal(alertText(correctButLocked.html), '帳號已鎖定，請於30分鐘後再試，或使用忘記密碼功能');

    started.sim.advanceClock(29 * 60_000);
    assert.equal(alertText((await submitLogin(client, COFFEE)).html), '帳號已鎖定，請於30分鐘後再試，或使用忘記密碼功能');
    started.sim.advanceClock(60_001);
    assert.equal((await submitLogin(client, COFFEE)).path, '/menu');
    const outcomes = started.sim.state.loginAttempts().map((a) => a.outcome);
    assert.deepEqual(outcomes, [
      'wrong-password', 'wrong-password', 'wrong-password', 'wrong-password', 'locked-now', 'locked', 'locked', 'success',
    ]);
  });

  it('resets the wrong-password counter after a successful login', async () => {
    const client = new Client(started.url);
    for (let i = 0; i < 4; i++) await submitLogin(client, { ...COFFEE, password: 'nope' });
    assert.equal((await submitLogin(client, COFFEE)).path, '/menu');
    const again = await submitLogin(new Client(started.url), { ...COFFEE, password: 'nope' });
    assert.equal(alertText(again.html), '密碼錯誤，連續錯誤5次將鎖定帳號（已錯誤 1 次）');
  });

  it('records every attempt with time, 統一編號, 帳號 and outcome but no password', async () => {
    await submitLogin(new Client(started.url), { ...COFFEE, password: 'Secret-Typo-99' });
    await submitLogin(new Client(started.url), COFFEE);
    const { attempts } = await json<{ attempts: LoginAttempt[] }>(`${started.url}/__sim/login-attempts`);
    assert.deepEqual(
      attempts.map(({ ubn, account, outcome }) => ({ ubn, account, outcome })),
      [
        { ubn: COFFEE.ubn, account: COFFEE.account, outcome: 'wrong-password' },
        { ubn: COFFEE.ubn, account: COFFEE.account, outcome: 'success' },
      ],
    );
    assert.ok(attempts.every((a) => !Number.isNaN(Date.parse(a.at))));
    const body = JSON.stringify(attempts);
    assert.doesNotMatch(body, /Secret-Typo-99|Sim-Pass-1234/);
  });

  it('binds each captcha to the visitor, renews it on every render, and uses it once', async () => {
    const client = new Client(started.url);
    const first = await client.get('/');
    const second = await client.get('/');
    assert.notEqual(captchaSrc(first.html), captchaSrc(second.html));
    assert.equal((await client.bytes(captchaSrc(first.html))).status, 404, 'the earlier captcha is gone');
    const image = await client.bytes(captchaSrc(second.html));
    assert.equal(image.status, 200);
    assert.equal(image.type, 'image/png');
    assert.equal((await new Client(started.url).bytes(captchaSrc(second.html))).status, 404, 'other visitors cannot fetch it');

    const answer = await solveCaptcha(client, second.html);
    assert.match(answer, /^\d{5}$/);
    const wrongPassword = await client.post('/login', { ban: COFFEE.ubn, userId: COFFEE.account, password: 'x', captchaCode: answer });
    assert.match(alertText(wrongPassword.html) ?? '', /密碼錯誤/);
    const reused = await client.post('/login', { ban: COFFEE.ubn, userId: COFFEE.account, password: COFFEE.password, captchaCode: answer });
    assert.equal(alertText(reused.html), '圖形驗證碼錯誤，請重新輸入');
  });

  it('offers 更換驗證碼 as a real form that reloads the home page with a new captcha', async () => {
    const client = new Client(started.url);
    const home = await client.get('/');
    assert.match(home.html, /<button type="submit" form="captchaRefreshForm"[^>]*>更換驗證碼<\/button>/);
    assert.match(home.html, /<form id="captchaRefreshForm" method="get" action="\/">/);
    const reloaded = await client.get('/');
    assert.notEqual(captchaSrc(home.html), captchaSrc(reloaded.html));
  });

  it('sends pages behind the login to /?expired=1 without a session', async () => {
    const page = await new Client(started.url).get('/blank');
    assert.deepEqual(page.redirects, ['/?expired=1']);
    assert.equal(alertText(page.html), '閒置時間過久或尚未登入，請重新登入');
  });

  it('ends an idle session after sessionIdleMs and keeps an active one alive', async () => {
    const client = await loggedIn(started.url);
    started.sim.advanceClock(19 * 60_000);
    assert.equal((await client.get('/menu')).path, '/menu');
    started.sim.advanceClock(19 * 60_000);
    assert.equal((await client.get('/menu/track')).path, '/menu/track', 'each request restarts the idle timer');
    started.sim.advanceClock(20 * 60_000 + 1);
    const expired = await client.get('/menu');
    assert.deepEqual(expired.redirects, ['/?expired=1']);
    assert.equal(alertText(expired.html), '閒置時間過久或尚未登入，請重新登入');
  });

  it('logs out with the 登出 link', async () => {
    const client = await loggedIn(started.url);
    const menu = await client.get('/menu');
    assert.match(menu.html, /<a href="\/logout">登出<\/a>/);
    const out = await client.get('/logout');
    assert.equal(out.path, '/?loggedOut=1');
    assert.equal((await client.get('/menu')).path, '/?expired=1');
    assert.equal(started.sim.state.sessionCount(), 0);
  });

  it('keeps simulator time separate from real time', () => {
    const before = started.sim.state.now().getTime();
    started.sim.advanceClock(2 * HOUR_MS);
    assert.equal(started.sim.state.now().getTime() - before, 2 * HOUR_MS);
    assert.throws(() => started.sim.advanceClock(-1), RangeError);
  });
});

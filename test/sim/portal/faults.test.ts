import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  COFFEE,
  Client,
  JUST_ENDED,
  alertText,
  json,
  loggedIn,
  postJson,
  saveForm,
  startSim,
  submitLogin,
  textOf,
} from './helpers.ts';
import type { Started } from './helpers.ts';
import type { Faults, LoginAttempt } from '../../../src/sim/portal/index.ts';

const VALID_ROW = [{ track: 'MM', start: '16937074', end: '16946899' }];

describe('portal simulator: faults', () => {
  let started: Started;
  before(async () => {
    started = await startSim();
  });
  after(() => started.close());
  beforeEach(() => started.sim.reset());

  it('maintenance: every platform page answers 503 「系統維護中，暫停服務」, /__sim keeps working', async () => {
    const client = await loggedIn(started.url);
    started.sim.setFaults({ maintenance: true });
    for (const path of ['/', '/menu', '/blank', `/blank/list?period=${JUST_ENDED}`]) {
      const page = await client.get(path);
      assert.equal(page.status, 503, path);
      assert.match(page.html, /<h2>系統維護中，暫停服務<\/h2>/);
      assert.match(textOf(page.html), /電子發票整合服務平台於 \d{3}\/\d\d\/\d\d \d\d:00 至 \d{3}\/\d\d\/\d\d \d\d:00 進行系統維護，暫停服務/);
    }
    const login = await new Client(started.url).post('/login', { ban: COFFEE.ubn, userId: COFFEE.account, password: COFFEE.password, captchaCode: '12345' });
    assert.equal(login.status, 503);
    const { attempts } = await json<{ attempts: LoginAttempt[] }>(`${started.url}/__sim/login-attempts`);
    assert.equal(attempts.at(-1)?.outcome, 'maintenance');

    started.sim.setFaults({ maintenance: false });
    assert.equal((await client.get('/menu')).status, 200, 'the session survives the maintenance window');
  });

  it('slowMs: delays platform responses but not /__sim', async () => {
    started.sim.setFaults({ slowMs: 300 });
    const t0 = Date.now();
    await new Client(started.url).get('/');
    assert.ok(Date.now() - t0 >= 290, 'the home page was slowed down');
    const t1 = Date.now();
    await json(`${started.url}/__sim/now`);
    assert.ok(Date.now() - t1 < 250, 'the inspection endpoint was not');
  });

  for (const point of ['save', 'query', 'blankPage'] as const) {
    it(`expireSessionOn ${point}: the next such request finds the session gone, then the fault clears`, async () => {
      const client = await loggedIn(started.url);
      started.sim.setFaults({ expireSessionOn: point });
      assert.equal((await client.get('/menu')).status, 200, 'other requests are unaffected');
      const request = () =>
        point === 'save'
          ? client.post(`/blank/new?period=${JUST_ENDED}`, saveForm(VALID_ROW))
          : client.get(point === 'query' ? `/blank/list?period=${JUST_ENDED}` : '/blank');
      const expired = await request();
      assert.deepEqual(expired.redirects, ['/?expired=1']);
      assert.equal(alertText(expired.html), '閒置時間過久或尚未登入，請重新登入');
      assert.equal(started.sim.state.faults().expireSessionOn, null);
      assert.equal(started.sim.state.rows().length, 0);

      const again = await loggedIn(started.url);
      const retried = point === 'save'
        ? await again.post(`/blank/new?period=${JUST_ENDED}`, saveForm(VALID_ROW))
        : await again.get(point === 'query' ? `/blank/list?period=${JUST_ENDED}` : '/blank');
      assert.equal(retried.status, 200);
      assert.deepEqual(retried.redirects, []);
    });
  }

  it('expireSessionOn save leaves 新增一列 alone', async () => {
    const client = await loggedIn(started.url);
    started.sim.setFaults({ expireSessionOn: 'save' });
    const { save: _save, ...form } = saveForm(VALID_ROW);
    const added = await client.post(`/blank/new?period=${JUST_ENDED}`, { ...form, addRow: '1' });
    assert.deepEqual(added.redirects, []);
    assert.equal(started.sim.state.faults().expireSessionOn, 'save');
  });

  it('saveServerError: 存檔 answers 500 「系統發生錯誤，請稍後再試」 and saves nothing', async () => {
    const client = await loggedIn(started.url);
    started.sim.setFaults({ saveServerError: true });
    const page = await client.post(`/blank/new?period=${JUST_ENDED}`, saveForm(VALID_ROW));
    assert.equal(page.status, 500);
    assert.match(page.html, /<h2>系統發生錯誤，請稍後再試<\/h2>/);
    assert.equal(started.sim.state.rows().length, 0);
    started.sim.setFaults({ saveServerError: false });
    const ok = await client.post(`/blank/new?period=${JUST_ENDED}`, saveForm(VALID_ROW));
    assert.equal(ok.status, 200);
    assert.equal(started.sim.state.rows().length, 1);
  });

  it('captchaAlwaysWrong: even the right answer is refused', async () => {
    started.sim.setFaults({ captchaAlwaysWrong: true });
    const page = await submitLogin(new Client(started.url), COFFEE);
    assert.equal(alertText(page.html), '圖形驗證碼錯誤，請重新輸入');
    started.sim.setFaults({ captchaAlwaysWrong: false });
    assert.equal((await submitLogin(new Client(started.url), COFFEE)).path, '/menu');
  });

  it('POST /__sim/faults sets faults by JSON and refuses unknown ones', async () => {
    const set = await postJson(`${started.url}/__sim/faults`, { maintenance: true, slowMs: 0 });
    assert.equal(set.status, 200);
    const body = (await set.json()) as { faults: Faults };
    assert.equal(body.faults.maintenance, true);
    assert.equal((await new Client(started.url).get('/')).status, 503);
    assert.equal((await postJson(`${started.url}/__sim/faults`, { maintenance: 'yes' })).status, 400);
    assert.equal((await postJson(`${started.url}/__sim/faults`, { meltdown: true })).status, 400);
    assert.equal((await postJson(`${started.url}/__sim/reset`, {})).status, 200);
    assert.equal(started.sim.state.faults().maintenance, false);
  });

  it('POST /__sim/clock moves the simulator clock and GET /__sim/now tells it', async () => {
    const before = await json<{ now: string; offsetMs: number }>(`${started.url}/__sim/now`);
    const moved = await postJson(`${started.url}/__sim/clock`, { advanceMs: 60_000 });
    const after = (await moved.json()) as { now: string; offsetMs: number };
    assert.equal(Date.parse(after.now) - Date.parse(before.now), 60_000);
    assert.equal(after.offsetMs - before.offsetMs, 60_000);
    assert.equal((await postJson(`${started.url}/__sim/clock`, { advanceMs: -5 })).status, 400);
  });

  it('POST /__sim/reset clears rows, attempts, sessions and faults', async () => {
    const client = await loggedIn(started.url);
    await client.post(`/blank/new?period=${JUST_ENDED}`, saveForm(VALID_ROW));
    started.sim.setFaults({ captchaAlwaysWrong: true });
    await postJson(`${started.url}/__sim/reset`, {});
    assert.equal(started.sim.state.rows().length, 0);
    assert.equal(started.sim.state.loginAttempts().length, 0);
    assert.equal(started.sim.state.sessionCount(), 0);
    assert.equal(started.sim.state.faults().captchaAlwaysWrong, false);
    assert.equal((await client.get('/menu')).path, '/?expired=1');
  });

  it('starts with the faults given in the options', async () => {
    const other = await startSim({ faults: { maintenance: true } });
    try {
      assert.equal((await new Client(other.url).get('/')).status, 503);
    } finally {
      await other.close();
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CURRENT,
  HOUR_MS,
  JUST_ENDED,
  JUST_ENDED_LABEL,
  SNACK,
  bodyRows,
  json,
  loggedIn,
  saveForm,
  startSim,
  statusText,
  textOf,
} from './helpers.ts';
import type { Client, Started } from './helpers.ts';
import type { RowSnapshot } from '../../../src/sim/portal/index.ts';

const DELAY = 2 * HOUR_MS;

describe('portal simulator: blank-number pages', () => {
  let started: Started;
  let client: Client;
  before(async () => {
    // Long idle timeout: these tests jump the clock past the 2-hour delay within one session.
    started = await startSim({ rowVisibleDelayMs: DELAY, sessionIdleMs: 100 * DELAY });
  });
  after(() => started.close());
  beforeEach(async () => {
    started.sim.reset();
    client = await loggedIn(started.url);
  });

  const save = (rows: Parameters<typeof saveForm>[0], ubn?: string, period?: string) =>
    client.post(`/blank/new?period=${period ?? JUST_ENDED}`, saveForm(rows, ubn, period));
  const list = (period = JUST_ENDED, page = 1) => client.get(`/blank/list?period=${period}&page=${page}`);

  it('follows the seed menu path to the blank-number page', async () => {
    const menu = await client.get('/menu');
    assert.match(menu.html, /<a href="\/menu\/track">電子發票專用字軌號碼取號<\/a>/);
    for (const item of ['營業人功能選單', '請領案件進度管控', '智慧好生活', '公用事業', '登出']) {
      assert.match(menu.html, new RegExp(`<a href="[^"]+">${item}</a>`));
    }
    const track = await client.get('/menu/track');
    for (const item of ['電子發票專用字軌號碼取號', '電子發票上傳作業', '總機上傳分支機構配號權作業', '加值中心下載電子發票配號紀錄檔']) {
      assert.match(track.html, new RegExp(`<a href="[^"]+">${item}</a>`));
    }
    assert.match(track.html, /<a href="\/menu\/track\/upload">電子發票上傳作業<\/a>/);
    const upload = await client.get('/menu/track/upload');
    assert.match(upload.html, /<a href="\/blank">上傳未使用空白發票號碼\(作業\)<\/a>/);
    const blank = await client.get('/blank');
    assert.match(textOf(blank.html), /現在位置 \/ 電子發票上傳作業 > 上傳未使用空白發票號碼作業/);
    assert.match(textOf(blank.html), /如使用【匯入字軌】功能維護「未使用空白發票號碼」，請於上傳後以【上傳列表】功能進行結果確認。/);
    assert.match(textOf(blank.html), /如需確認資料是否正確請至【查詢】功能。/);
    for (const button of ['新增', '查詢', '匯入字軌', '上傳列表']) assert.match(blank.html, new RegExp(`>${button}</button>`));
  });

  it('offers the current period and the six before it, newest first, the just-ended one selected', async () => {
    const blank = await client.get('/blank');
    const options = [...blank.html.matchAll(/<option value="(\d+)"( selected)?>([^<]+)<\/option>/g)];
    assert.deepEqual(options.map((o) => o[3]), [
      '115/11~115/12', '115/09~115/10', '115/07~115/08', '115/05~115/06', '115/03~115/04', '115/01~115/02', '114/11~114/12',
    ]);
    assert.deepEqual(options.filter((o) => o[2] !== undefined).map((o) => o[3]), [JUST_ENDED_LABEL]);
    assert.match(blank.html, /<label for="period">字軌期別<\/label>/);
  });

  it('opens 新增 for the chosen period with one empty row and the exact column headers', async () => {
    const page = await client.get(`/blank/new?period=${JUST_ENDED}`);
    assert.match(textOf(page.html), /字軌期別: 115\/09~115\/10/);
    const headers = [...page.html.matchAll(/<th scope="col">([^<]+)<\/th>/g)].map((m) => m[1]);
    assert.deepEqual(headers, ['總機構/分支機構統一編號', '發票類別', '發票字軌', '起始編號', '終止編號', '功能']);
    assert.equal([...page.html.matchAll(/<tr aria-label="第\d+列">/g)].length, 1);
    for (const label of ['總機構/分支機構統一編號', '發票類別', '發票字軌', '起始編號', '終止編號']) {
      assert.match(page.html, new RegExp(`aria-label="${label}"`));
    }
    assert.match(page.html, /<option value="07" selected>一般稅額計算<\/option><option value="08">特種稅額計算<\/option>/);
  });

  it('adds and deletes rows on the server, keeping what was typed', async () => {
    const typed = saveForm([{ track: 'MM', start: '16937074', end: '16946899' }]);
    const { save: _save, ...form } = typed;
    const added = await client.post(`/blank/new?period=${JUST_ENDED}`, { ...form, addRow: '1' });
    assert.equal([...added.html.matchAll(/<tr aria-label="第\d+列">/g)].length, 2);
    assert.match(added.html, /aria-label="第2列"/);
    assert.match(added.html, /value="16937074"/);
    const deleted = await client.post(`/blank/new?period=${JUST_ENDED}`, {
      ...saveForm([{ track: 'MM', start: '16937074', end: '16946899' }, { track: 'AB', start: '12345000', end: '12345999' }]),
      save: [],
      'deleteRow:0': '1',
    });
    assert.equal([...deleted.html.matchAll(/<tr aria-label="第\d+列">/g)].length, 1);
    assert.doesNotMatch(deleted.html, /16937074/);
    assert.match(deleted.html, /value="12345000"/);
    assert.equal(started.sim.state.rows().length, 0, 'nothing is saved before 存檔');
  });

  it('saves valid rows and refuses invalid ones, each with its own outcome', async () => {
    const page = await save([
      { track: 'MM', start: '16937074', end: '16946899' },
      { track: 'MM', start: '1693707', end: '16946899' },
      { track: 'AB', start: '12345900', end: '12345800' },
      { track: 'ZZ', start: '00000100', end: '00000199' },
      { track: 'AB', start: '12345900', end: '12346099' },
      { track: 'mm', start: '16937000', end: '16937049' },
      { track: 'AB', start: '12345950', end: '12345999' },
      { track: '', start: '', end: '' },
    ]);
    assert.equal(page.status, 200);
    assert.match(page.html, /<h2>存檔結果<\/h2>/);
    assert.deepEqual(bodyRows(page.html), [
      ['MM', '16937074', '16946899', '新增成功'],
      ['MM', '1693707', '16946899', '起始編號/終止編號須為8碼數字'],
      ['AB', '12345900', '12345800', '終止編號不可小於起始編號'],
      ['ZZ', '00000100', '00000199', '該字軌非此營業人於本期之配號'],
      ['AB', '12345900', '12346099', '號碼不在配號區間內'],
      ['mm', '16937000', '16937049', '該字軌非此營業人於本期之配號'],
      ['AB', '12345950', '12345999', '新增成功'],
    ]);
    assert.equal(statusText(page.html), '成功 2 筆，失敗 5 筆');
    const rows = started.sim.state.rows();
    assert.deepEqual(rows.map((r) => [r.ubn, r.branch, r.period, r.invoiceType, r.track, r.start, r.end]), [
      ['04595257', '04595257', JUST_ENDED, '07', 'MM', '16937074', '16946899'],
      ['04595257', '04595257', JUST_ENDED, '07', 'AB', '12345950', '12345999'],
    ]);
    assert.ok(rows.every((r) => r.savedAt === started.sim.state.now().toISOString()));
  });

  it('refuses a range overlapping one saved earlier or earlier in the same save', async () => {
    await save([{ track: 'MM', start: '16940000', end: '16940049' }]);
    const page = await save([
      { track: 'MM', start: '16940049', end: '16940099' },
      { track: 'MM', start: '16940050', end: '16940099' },
      { track: 'MM', start: '16940060', end: '16940060' },
      { track: 'MM', start: '16940000', end: '16940049' },
    ]);
    const duplicate = '空白發票新增失敗，請確認是否有輸入相同區間';
    assert.deepEqual(bodyRows(page.html).map((r) => r[3]), [duplicate, '新增成功', duplicate, duplicate]);
    assert.equal(statusText(page.html), '成功 1 筆，失敗 3 筆');
    assert.equal(started.sim.state.rows().length, 2);
  });

  it('allows the same range in another period', async () => {
    await save([{ track: 'MM', start: '16940000', end: '16940049' }]);
    const page = await save([{ track: 'MM', start: '16940000', end: '16940049' }], undefined, '11508');
    assert.deepEqual(bodyRows(page.html).map((r) => r[3]), ['新增成功']);
  });

  it('refuses uploads for a period that has not ended yet, and accepts late ones', async () => {
    const current = await save([{ track: 'MM', start: '16940000', end: '16940049' }], undefined, CURRENT);
    assert.deepEqual(bodyRows(current.html).map((r) => r[3]), ['該期別尚未開放上傳']);
    const late = await save([{ track: 'MM', start: '16940000', end: '16940049' }], undefined, '11508');
    assert.deepEqual(bodyRows(late.html).map((r) => r[3]), ['新增成功']);
  });

  it('lets an account report for its branch on the branch track only', async () => {
    client = await loggedIn(started.url, SNACK);
    const form = await client.get(`/blank/new?period=${JUST_ENDED}`);
    assert.match(form.html, /<option value="10458575" selected>10458575<\/option><option value="10458579">10458579<\/option>/);
    const page = await save(
      [
        { ubn: SNACK.branch, track: 'ZY', start: '50000100', end: '50000149' },
        { ubn: SNACK.ubn, track: 'ZY', start: '50000200', end: '50000249' },
        { ubn: SNACK.ubn, track: 'ZZ', start: '00000050', end: '00000099' },
        { ubn: '04595257', track: 'MM', start: '16940000', end: '16940049' },
      ],
      SNACK.ubn,
    );
    assert.deepEqual(bodyRows(page.html).map((r) => r[3]), [
      '新增成功', '該字軌非此營業人於本期之配號', '新增成功', '統一編號非此營業人或其分支機構',
    ]);
    const rows = started.sim.state.rows();
    assert.deepEqual(rows.map((r) => [r.ubn, r.branch, r.track]), [[SNACK.ubn, SNACK.branch, 'ZY'], [SNACK.ubn, SNACK.ubn, 'ZZ']]);
  });

  it('shows saved rows in 查詢 only after the delay', async () => {
    await save([{ track: 'MM', start: '16937074', end: '16946899' }]);
    const early = await list();
    assert.match(textOf(early.html), /查無資料/);
    started.sim.advanceClock(DELAY - 1);
    assert.match(textOf((await list()).html), /查無資料/);
    const snapshot = await json<{ rows: RowSnapshot[] }>(`${started.url}/__sim/rows`);
    assert.equal(snapshot.rows[0]?.visible, false);

    started.sim.advanceClock(1);
    const page = await list();
    const headers = [...page.html.matchAll(/<th scope="col">([^<]+)<\/th>/g)].map((m) => m[1]);
    assert.deepEqual(headers, ['刪除', '總/分支機構統編', '發票類別', '發票年月', '發票字軌', '發票起號', '發票迄號']);
    assert.deepEqual(bodyRows(page.html), [['選取 MM16937074-16946899', '04595257', '一般稅額計算', '115/09~115/10', 'MM', '16937074', '16946899']]);
    assert.match(textOf(page.html), /頁次 1 \| 每頁顯示 15 \| 總筆數: 1/);
    assert.doesNotMatch(page.html, /上一頁|下一頁/);
    const visible = await json<{ rows: RowSnapshot[] }>(`${started.url}/__sim/rows`);
    assert.equal(visible.rows[0]?.visible, true);
  });

  it('lists only the logged-in account\'s rows of the chosen period', async () => {
    await save([{ track: 'MM', start: '16937074', end: '16946899' }]);
    await save([{ track: 'MM', start: '16937074', end: '16946899' }], undefined, '11508');
    const snack = await loggedIn(started.url, SNACK);
    await snack.post(`/blank/new?period=${JUST_ENDED}`, saveForm([{ track: 'ZZ', start: '00000000', end: '00000049' }], SNACK.ubn));
    started.sim.advanceClock(DELAY);
    assert.deepEqual(bodyRows((await list()).html).map((r) => [r[3], r[4]]), [['115/09~115/10', 'MM']]);
    assert.deepEqual(bodyRows((await list('11508')).html).map((r) => [r[3], r[4]]), [['115/07~115/08', 'MM']]);
  });

  it('pages 20 rows as 15 + 5, ordered by track then start', async () => {
    const ranges = Array.from({ length: 19 }, (_, i) => ({ track: 'MM', start: String(16937000 + (18 - i) * 100), end: String(16937000 + (18 - i) * 100 + 49) }));
    await save([...ranges, { track: 'AB', start: '12345000', end: '12345049' }]);
    started.sim.advanceClock(DELAY);
    const first = await list();
    const firstRows = bodyRows(first.html);
    assert.equal(firstRows.length, 15);
    assert.deepEqual(firstRows.slice(0, 3).map((r) => [r[4], r[5]]), [['AB', '12345000'], ['MM', '16937000'], ['MM', '16937100']]);
    assert.match(textOf(first.html), /頁次 1 \| 每頁顯示 15 \| 總筆數: 20/);
    assert.match(first.html, /<a href="\/blank\/list\?period=11510&amp;page=2">下一頁<\/a>/);
    assert.doesNotMatch(first.html, /上一頁/);
    const second = await list(JUST_ENDED, 2);
    assert.equal(bodyRows(second.html).length, 5);
    assert.deepEqual(bodyRows(second.html).at(-1)?.slice(4), ['MM', '16938800', '16938849']);
    assert.match(textOf(second.html), /頁次 2 \| 每頁顯示 15 \| 總筆數: 20/);
    assert.match(second.html, /<a href="\/blank\/list\?period=11510&amp;page=1">上一頁<\/a>/);
    assert.doesNotMatch(second.html, /下一頁/);
  });

  it('selects all, clears, deletes the chosen rows, and goes back with 返回', async () => {
    await save([
      { track: 'MM', start: '16937000', end: '16937049' },
      { track: 'MM', start: '16937100', end: '16937149' },
    ]);
    started.sim.advanceClock(DELAY);
    const action = `/blank/list?period=${JUST_ENDED}&page=1`;
    const all = await client.post(action, { selectAll: '1' });
    assert.equal([...all.html.matchAll(/type="checkbox"[^>]*checked/g)].length, 2);
    const none = await client.post(action, { clearAll: '1' });
    assert.equal([...none.html.matchAll(/type="checkbox"[^>]*checked/g)].length, 0);
    const nothing = await client.post(action, { deleteSelected: '1' });
    assert.equal(statusText(nothing.html), '請勾選要刪除的資料');
    const id = String(started.sim.state.rows()[0]?.id);
    const deleted = await client.post(action, { rowId: id, deleteSelected: '1' });
    assert.equal(statusText(deleted.html), '已刪除 1 筆');
    assert.deepEqual(bodyRows(deleted.html).map((r) => r[5]), ['16937100']);
    const back = await client.post(action, { back: '1' });
    assert.equal(back.path, `/blank?period=${JUST_ENDED}`);
    assert.match(back.html, /<option value="11510" selected>/);
  });

  it('sends an unknown period back to the picker', async () => {
    assert.equal((await client.get('/blank/new?period=99912')).path, '/blank');
    assert.equal((await client.get('/blank/list?period=abc')).path, '/blank');
  });

  it('has simple 匯入字軌 and 上傳列表 pages', async () => {
    const importPage = await client.get(`/blank/import?period=${JUST_ENDED}`);
    assert.match(importPage.html, /<label for="importFile">匯入檔案<\/label>/);
    const uploads = await client.get(`/blank/uploads?period=${JUST_ENDED}`);
    assert.match(textOf(uploads.html), /上傳時間 檔案名稱 處理結果/);
  });

  it('escapes what was typed when showing it back', async () => {
    const page = await save([{ track: '<b>', start: '"><script>', end: '1' }]);
    assert.doesNotMatch(page.html, /<script>|<b>/);
    assert.match(page.html, /&lt;b&gt;/);
  });
});

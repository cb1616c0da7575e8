import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HOUR_MS, JUST_ENDED, decode, loggedIn, saveForm, startSim, textOf } from './helpers.ts';
import type { Client, Started } from './helpers.ts';

/** What a person or an accessibility-driven script can go by: labels, names, button and link texts, headers. */
function visibleLabels(html: string): Set<string> {
  const patterns = [
    /<label[^>]*>([\s\S]*?)<\/label>/g,
    /aria-label="([^"]*)"/g,
    /<button[^>]*>([\s\S]*?)<\/button>/g,
    /<input type="submit" value="([^"]+)"/g,
    /<a [^>]*>([\s\S]*?)<\/a>/g,
    /<th[^>]*>([\s\S]*?)<\/th>/g,
    /role="columnheader">([\s\S]*?)</g,
    /<option[^>]*>([\s\S]*?)<\/option>/g,
    /<legend>([\s\S]*?)<\/legend>/g,
    /<h\d[^>]*>([\s\S]*?)<\/h\d>/g,
    /alt="([^"]*)"/g,
    /role="(?:alert|status)"[^>]*>([\s\S]*?)</g,
  ];
  const found = new Set<string>();
  for (const pattern of patterns) {
    for (const match of html.matchAll(pattern)) {
      // A control wrapped in its label is not part of the label's name.
      const text = textOf(decode((match[1] ?? '').replace(/<select[\s\S]*?<\/select>/g, ''))).trim();
      if (text !== '') found.add(text);
    }
  }
  return found;
}

type Visit = (client: Client) => Promise<string>;

const VISITS: ReadonlyArray<readonly [string, Visit]> = [
  ['home', async (c) => (await c.get('/')).html],
  ['menu', async (c) => (await c.get('/menu')).html],
  ['track menu', async (c) => (await c.get('/menu/track')).html],
  ['upload menu', async (c) => (await c.get('/menu/track/upload')).html],
  ['blank page', async (c) => (await c.get('/blank')).html],
  ['新增 with two rows', async (c) => {
    const { save: _save, ...form } = saveForm([{ track: 'MM', start: '16937074', end: '16946899' }]);
    return (await c.post(`/blank/new?period=${JUST_ENDED}`, { ...form, addRow: '1' })).html;
  }],
  ['存檔結果', async (c) => (await c.post(`/blank/new?period=${JUST_ENDED}`, saveForm([
    { track: 'AB', start: '12345000', end: '12345049' },
    { track: 'AB', start: '12345000', end: '12345049' },
  ]))).html],
  ['列表 empty', async (c) => (await c.get('/blank/list?period=11508')).html],
  ['匯入字軌', async (c) => (await c.get(`/blank/import?period=${JUST_ENDED}`)).html],
  ['上傳列表', async (c) => (await c.get(`/blank/uploads?period=${JUST_ENDED}`)).html],
];

describe('portal simulator: the two layouts', () => {
  let classic: Started;
  let alternative: Started;
  before(async () => {
    classic = await startSim({ layout: 'classic', sessionIdleMs: 10 * HOUR_MS });
    alternative = await startSim({ layout: 'alternative', sessionIdleMs: 10 * HOUR_MS });
  });
  after(async () => {
    await classic.close();
    await alternative.close();
  });

  it('show the same visible labels on every page', async () => {
    const clients = [await loggedIn(classic.url), await loggedIn(alternative.url)] as const;
    for (const [name, visit] of VISITS) {
      const [a, b] = [await visit(clients[0]), await visit(clients[1])];
      const [labelsA, labelsB] = [visibleLabels(a), visibleLabels(b)];
      assert.deepEqual([...labelsB].sort(), [...labelsA].sort(), `labels differ on ${name}`);
    }
  });

  it('show the same labels on the filled 列表, with the columns in another order', async () => {
    const pages: string[] = [];
    for (const started of [classic, alternative]) {
      const client = await loggedIn(started.url);
      await client.post(`/blank/new?period=11508`, saveForm([{ track: 'MM', start: '16937074', end: '16946899' }], undefined, '11508'));
      started.sim.advanceClock(2 * HOUR_MS);
      pages.push((await client.get('/blank/list?period=11508')).html);
    }
    const [a = '', b = ''] = pages;
    assert.deepEqual([...visibleLabels(b)].sort(), [...visibleLabels(a)].sort());
    const headers = (html: string) => [...html.matchAll(/<th scope="col">([^<]+)<\/th>/g)].map((m) => m[1]);
    assert.deepEqual(headers(a), ['刪除', '總/分支機構統編', '發票類別', '發票年月', '發票字軌', '發票起號', '發票迄號']);
    assert.deepEqual([...headers(b)].sort(), [...headers(a)].sort());
    assert.notDeepEqual(headers(b), headers(a));
  });

  it('differ in markup: buttons, row containers, ids and classes', async () => {
    const [a, b] = [await loggedIn(classic.url), await loggedIn(alternative.url)];
    const [homeA, homeB] = [(await a.get('/')).html, (await b.get('/')).html];
    assert.match(homeA, /<button type="submit" id="loginBtn">登入<\/button>/);
    assert.match(homeB, /<input type="submit" value="登入"/);
    assert.doesNotMatch(homeB, /<button/);
    assert.match(homeA, /<label for="ban">統一編號<\/label>/);
    assert.match(homeB, /<label class="field"><span>統一編號<\/span><input/);
    assert.ok(homeB.indexOf('登入 Login') < homeB.indexOf('分眾導覽'), 'login box before the navigation');
    assert.ok(homeA.indexOf('分眾導覽') < homeA.indexOf('登入 Login'));

    const [newA, newB] = [(await a.get(`/blank/new?period=${JUST_ENDED}`)).html, (await b.get(`/blank/new?period=${JUST_ENDED}`)).html];
    assert.match(newA, /<tr aria-label="第1列">/);
    assert.match(newB, /<fieldset class="row-card" role="group" aria-label="第1列"><legend>第1列<\/legend>/);

    const [blankA, blankB] = [(await a.get('/blank')).html, (await b.get('/blank')).html];
    assert.ok(blankA.indexOf('<select') < blankA.indexOf('value="新增"') || blankA.indexOf('<select') < blankA.indexOf('>新增<'));
    assert.ok(blankB.indexOf('value="新增"') < blankB.indexOf('<select'), 'buttons before the select');
    assert.match(blankA, /lang="zh-Hant-TW"/);
    assert.match(blankB, /lang="zh-Hant-TW"/);
  });
});

// When the platform renames its labels, updating src/portal/profile.ts must be all it takes.
// This test copies the source tree, edits only profile.ts (as an operator would), and runs
// every driver operation from the copy against the simulator's drifted labels. The untouched
// driver must fail there, so the test shows that the edit is both needed and enough.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';

const run = promisify(execFile);
const PROJECT = process.cwd();
const PROFILE = 'src/portal/profile.ts';
const DRIFTED_SPA = JSON.stringify({ layout: 'spa', labels: 'drift', loadingMs: { min: 20, max: 150 } });

/** The operator's edit: each old text must be found, so the test notices if profile.ts changes shape. */
const PROFILE_EDITS: ReadonlyArray<readonly [string, string]> = [
  ["    startNo: '發票起號',\n    endNo: '發票迄號',\n    nextPage: /^下一頁$/,", "    startNo: /^(發票)?起號$/,\n    endNo: /^(發票)?迄號$/,\n    nextPage: /^(下一頁|下頁)$/,"],
  ["startNo: '起始編號'", "startNo: /^(起始編號|發票起號)$/"],
  ["endNo: '終止編號'", "endNo: /^(終止編號|發票迄號)$/"],
  ["save: /^存檔$/", "save: /^(存檔|儲存)$/"],
  ["add: /^新增$/", "add: /^新增(資料)?$/"],
  ["query: /^查詢$/", "query: /^(查詢|搜尋)$/"],
  ["captcha: '圖形驗證碼'", "captcha: /^(圖形)?驗證碼$/"],
  ["captchaImage: /^圖形驗證碼$/", "captchaImage: /^(圖形)?驗證碼$/"],
  ['/上傳(未使用空白|空白未使用)發票號碼/]', '/上傳(未使用空白|空白未使用)發票號碼|空白未使用發票字軌號碼維護/]'],
];

function editedProfile(source: string): string {
  return PROFILE_EDITS.reduce((text, [from, to]) => {
    assert.ok(text.includes(from), `profile.ts no longer contains ${JSON.stringify(from)}: update PROFILE_EDITS`);
    return text.split(from).join(to);
  }, source);
}

function filesUnder(root: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hashes.set(relative(root, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(join(root, 'src'));
  return hashes;
}

async function walkDriver(root: string, simOptions: string): Promise<Record<string, any>> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/portal/fixtures/driver-walk.ts', root, simOptions], {
    cwd: PROJECT,
    timeout: 180_000,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}

describe('label drift is a one-file edit of profile.ts', () => {
  let copy: string;
  before(() => {
    copy = mkdtempSync(join(tmpdir(), 'profile-drift-'));
    cpSync(join(PROJECT, 'src'), join(copy, 'src'), { recursive: true });
    for (const file of ['package.json', 'tsconfig.json']) cpSync(join(PROJECT, file), join(copy, file));
    symlinkSync(join(PROJECT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    writeFileSync(join(copy, PROFILE), editedProfile(readFileSync(join(PROJECT, PROFILE), 'utf8')));
  });
  after(() => rmSync(copy, { recursive: true, force: true }));

  test('the copy differs from the project in profile.ts only', () => {
    const original = filesUnder(PROJECT);
    const edited = filesUnder(copy);
    assert.deepEqual([...edited.keys()].sort(), [...original.keys()].sort());
    const changed = [...original].filter(([path, hash]) => edited.get(path) !== hash).map(([path]) => path);
    assert.deepEqual(changed, [PROFILE]);
  });

  test('the project as it is cannot find its way on the drifted labels', async () => {
    const report = await walkDriver(PROJECT, DRIFTED_SPA);
    assert.equal(report.session?.ok, undefined, 'the unedited driver should not get through');
    assert.equal(report.simRows, 0);
  });

  test('with the edited profile every operation works on the drifted labels', async () => {
    const report = await walkDriver(copy, DRIFTED_SPA);
    assert.equal(report.wrongPassword?.error, 'bad-credentials');
    const session = report.session?.ok;
    assert.ok(session, `driver failed: ${JSON.stringify(report.session)}`);
    assert.equal(session.captchas, 2, 'a wrong captcha answer is asked again');
    assert.deepEqual(session.added, [...Array(12).fill('saved'), 'refused']);
    assert.match(session.refusal, /配號/);
    assert.deepEqual(session.duplicate, [['refused', true]]);
    assert.equal(session.listed, 12, 'the listing is read over its two pages');
    assert.equal(session.screenshot, true);
    assert.deepEqual(session.deleted, ['deleted', 'deleted', 'not-listed']);
    assert.equal(session.after, 10);
    assert.equal(report.simRows, 10);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RICH_MENU_NAME, RICH_MENU_SIZE } from '../../src/rich-menu/definition.ts';
import { PROJECT_ROOT, startScript } from '../support/process.ts';
import { listRichMenus, startFakeLine, TOKEN, type FakeLine } from './support.ts';

const CLI = 'src/rich-menu/cli.ts';

/** The browser the tests use, passed on when set; otherwise the CLI finds the system's. */
function browserEnv(): Record<string, string> {
  return process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {};
}

async function runCli(env: Record<string, string>, args: readonly string[] = []): Promise<{ code: number | null; output: string }> {
  const started = startScript(CLI, { cwd: PROJECT_ROOT, env: { ...browserEnv(), ...env }, args });
  const code = await started.exited;
  return { code, output: started.output() };
}

describe('npm run rich-menu', () => {
  let line: FakeLine;
  let folder: string;

  before(async () => {
    line = await startFakeLine();
    folder = mkdtempSync(join(tmpdir(), 'rich-menu-cli-'));
  });
  after(async () => {
    await line.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test('installs the menu as the default and prints its richMenuId', async () => {
    const { code, output } = await runCli({ LINE_CHANNEL_ACCESS_TOKEN: TOKEN, LINE_API_BASE_URL: line.url });

    assert.equal(code, 0, output);
    const printed = /^(richmenu-\w+)$/m.exec(output)?.[1];
    assert.ok(printed, output);
    assert.equal(line.fake.defaultRichMenuId(), printed);
    assert.deepEqual((await listRichMenus(line.url)).map((menu) => menu.name), [RICH_MENU_NAME]);
    assert.ok(!output.includes(TOKEN), 'the token is never printed');
  });

  test('without a token: a clear message and exit code 1', async () => {
    const { code, output } = await runCli({ LINE_API_BASE_URL: line.url });

    assert.equal(code, 1);
    assert.match(output, /LINE_CHANNEL_ACCESS_TOKEN is not set: issue a long-lived channel access token/);
    assert.match(output, /--out FILE/);
  });

  test('--out only draws the image into the file and does not contact LINE', async () => {
    line.fake.reset();
    const file = join(folder, 'menu.png');
    const { code, output } = await runCli({ LINE_CHANNEL_ACCESS_TOKEN: TOKEN, LINE_API_BASE_URL: line.url }, ['--out', file]);

    assert.equal(code, 0, output);
    const png = readFileSync(file);
    assert.deepEqual({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }, RICH_MENU_SIZE);
    assert.deepEqual(line.fake.calls(), []);
  });
});

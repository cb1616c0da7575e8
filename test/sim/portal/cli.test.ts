import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { CliConfigError, readCliConfig } from '../../../src/sim/portal/cli-config.ts';

const CLI = fileURLToPath(new URL('../../../src/sim/portal/cli.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

function startCli(env: Record<string, string>, args: readonly string[] = []) {
  const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return { child, output: () => output };
}

async function waitFor(read: () => string, pattern: RegExp, timeoutMs = 15_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(read());
    if (match !== null) return match;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output so far:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('portal simulator: npm run portal-sim', () => {
  it('starts on 127.0.0.1, prints its URL and the fixture accounts, honours SIM_LAYOUT', async () => {
    const cli = startCli({ PORT: '0', SIM_LAYOUT: 'alternative', SIM_ROW_DELAY_MS: '1000' });
    try {
      const [, url = ''] = await waitFor(cli.output, /at (http:\/\/127\.0\.0\.1:\d+)\//);
      await waitFor(cli.output, /store20/);
      assert.match(cli.output(), /小林咖啡 +統一編號 04595257 +帳號 coffee01 +密碼 Sim-Pass-1234/);
      assert.match(cli.output(), /阿明小吃 +統一編號 10458575 +帳號 snack01 +密碼 Sim-Pass-5678 +分支機構 10458579/);
      assert.match(cli.output(), /after 1000 ms/);
      const home = await (await fetch(`${url}/`)).text();
      assert.match(home, /<input type="submit" value="登入"/);
    } finally {
      cli.child.kill('SIGTERM');
      await once(cli.child, 'exit');
    }
  });

  it('refuses a bad SIM_LAYOUT and says what is allowed', async () => {
    const cli = startCli({ PORT: '0', SIM_LAYOUT: 'fancy' });
    const [code] = (await once(cli.child, 'exit')) as [number | null];
    assert.equal(code, 1);
    assert.match(cli.output(), /SIM_LAYOUT must be classic, alternative, spa, got "fancy"/);
  });

  it('takes flags: --layout spa --labels drift --business-choice dropdown', async () => {
    const cli = startCli({ PORT: '0', SIM_LAYOUT: 'classic' }, ['--layout', 'spa', '--labels', 'drift', '--business-choice', 'dropdown']);
    try {
      const [, url = ''] = await waitFor(cli.output, /\(spa layout\) at (http:\/\/127\.0\.0\.1:\d+)\//);
      assert.match(cli.output(), /spa: labels drift, business choice dropdown/);
      const shell = await (await fetch(`${url}/accounts/login`)).text();
      assert.match(shell, /"businessChoice":"dropdown"/);
      assert.match(shell, /"captcha":"驗證碼"/);
    } finally {
      cli.child.kill('SIGTERM');
      await once(cli.child, 'exit');
    }
  });

  it('refuses an unknown flag in plain English', async () => {
    const cli = startCli({ PORT: '0' }, ['--layout', 'spa', '--colour', 'blue']);
    const [code] = (await once(cli.child, 'exit')) as [number | null];
    assert.equal(code, 1);
    assert.match(cli.output(), /unknown flag --colour/);
    assert.match(cli.output(), /usage: npm run portal-sim -- \[flags\]/);
  });
});

describe('portal simulator: CLI configuration', () => {
  const problemsOf = (argv: string[], env: Record<string, string> = {}): readonly string[] => {
    try {
      readCliConfig(argv, env);
    } catch (error) {
      if (error instanceof CliConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('lets flags win over the environment and keeps spa options for the spa layout', () => {
    const config = readCliConfig(['--layout', 'spa', '--loading-ms', '0-20', '--bot-check', '--port', '0'], { SIM_LAYOUT: 'alternative', PORT: '5000' });
    assert.deepEqual(config, { port: 0, layout: 'spa', rowVisibleDelayMs: 7_200_000, spa: { loadingMs: { min: 0, max: 20 }, botCheck: true } });
    assert.deepEqual(readCliConfig([], { SIM_LAYOUT: 'alternative', SIM_ROW_DELAY_MS: '5' }), { port: 4100, layout: 'alternative', rowVisibleDelayMs: 5, spa: {} });
    assert.equal(readCliConfig(['--help'], {}), null);
  });

  it('reports every problem at once', () => {
    assert.deepEqual(problemsOf(['--layout', 'classic', '--labels', 'odd', '--loading-ms', '9-1', '--port', 'x']), [
      'the port must be a port number, got "x"',
      '--labels must be standard or drift, got "odd"',
      '--loading-ms must be MIN-MAX milliseconds with MIN ≤ MAX, got "9-1"',
      '--labels only applies to --layout spa',
      '--loading-ms only applies to --layout spa',
    ]);
    assert.deepEqual(problemsOf(['--layout', 'fancy']), ['--layout must be classic, alternative, spa, got "fancy"']);
    assert.deepEqual(problemsOf(['--nope']), ['unknown flag --nope']);
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const CLI = fileURLToPath(new URL('../../../src/sim/portal/cli.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

function startCli(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', TSX, CLI], {
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
    assert.match(cli.output(), /SIM_LAYOUT must be classic or alternative, got "fancy"/);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BrowserNotFoundError, SharedBrowser, findChromium } from '../../src/portal/browser.ts';
import { startVirtualDisplay, VirtualDisplayError } from '../../src/portal/virtual-display.ts';

const run = promisify(execFile);

describe('findChromium', () => {
  test('CHROMIUM_PATH wins when it exists', () => {
    assert.equal(findChromium('/opt/chromium/chrome', (path) => path === '/opt/chromium/chrome' || path === '/usr/bin/chromium'), '/opt/chromium/chrome');
  });

  test('a CHROMIUM_PATH that does not exist is an error naming the fix, not a silent fallback', () => {
    assert.throws(
      () => findChromium('/nowhere/chrome', (path) => path === '/usr/bin/chromium'),
      (error: unknown) => error instanceof BrowserNotFoundError && /CHROMIUM_PATH=\/nowhere\/chrome/.test(error.message) && /apt-get install -y chromium/.test(error.message),
    );
  });

  test('then the system Chromium', () => {
    assert.equal(findChromium(undefined, (path) => path === '/usr/bin/chromium'), '/usr/bin/chromium');
  });

  test('no browser at all: one clear line with the fix', () => {
    assert.throws(
      () => findChromium(undefined, () => false),
      (error: unknown) => error instanceof BrowserNotFoundError && !error.message.includes('\n') && /apt-get install -y chromium/.test(error.message),
    );
  });
});

describe('headed Chromium (PORTAL_HEADED=true)', () => {
  test('without a DISPLAY it runs under an Xvfb of its own, which goes with the browser', async () => {
    const browser = new SharedBrowser({ chromiumPath: process.env.CHROMIUM_PATH, headed: true, env: {} });
    try {
      const page = await (await browser.get()).newPage();
      const userAgent = await page.evaluate(() => navigator.userAgent);
      assert.doesNotMatch(userAgent, /HeadlessChrome/, 'a headed browser does not call itself headless');
      assert.ok(await xvfbRunning(), 'Xvfb is running while the browser is');
    } finally {
      await browser.close();
    }
    assert.equal(await xvfbRunning(), false, 'Xvfb stops with the browser');
  });

  test('a missing Xvfb is one clear line with the fix', async () => {
    await assert.rejects(startVirtualDisplay('/nowhere/Xvfb'), (error: unknown) =>
      error instanceof VirtualDisplayError && /apt-get install -y xvfb/.test(error.message) && /not installed/.test(error.message),
    );
  });
});

async function xvfbRunning(): Promise<boolean> {
  const { stdout } = await run('ps', ['-eo', 'args']).catch(() => ({ stdout: '' }));
  return stdout.split('\n').some((line) => line.startsWith('Xvfb -displayfd'));
}

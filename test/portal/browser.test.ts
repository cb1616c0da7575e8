import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BrowserNotFoundError, findChromium } from '../../src/portal/browser.ts';

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

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chromiumArgs, chromiumLaunchOptions, sandboxFailure } from '../../src/portal/browser.ts';

describe('Chromium flags', () => {
  test('a regular user keeps the sandbox: no --no-sandbox, and Playwright is told not to add it', () => {
    assert.ok(!chromiumArgs({ uid: 1000 }).includes('--no-sandbox'));
    assert.deepEqual(chromiumLaunchOptions({ uid: 1000 }).chromiumSandbox, true);
    assert.ok(!chromiumArgs({ uid: undefined }).includes('--no-sandbox'), 'no uid (Windows): sandboxed');
    assert.ok(!chromiumArgs({ uid: 1000, noSandbox: 'false' }).includes('--no-sandbox'));
    assert.ok(chromiumArgs({ uid: 1000 }).includes('--disable-background-networking'), 'the server flags stay');
  });

  test('root (where Chromium cannot sandbox itself) or CHROMIUM_NO_SANDBOX=true goes without', () => {
    for (const context of [{ uid: 0 }, { uid: 1000, noSandbox: 'true' }, { uid: 1000, noSandbox: ' TRUE ' }, { uid: 1000, noSandbox: '1' }]) {
      assert.equal(chromiumArgs(context)[0], '--no-sandbox', JSON.stringify(context));
      assert.equal(chromiumLaunchOptions(context).chromiumSandbox, false, JSON.stringify(context));
    }
  });

  test('a sandbox that cannot start is explained with both fixes; other launch errors pass through', () => {
    const failed = new Error('browserType.launch: Chromium sandboxing failed!\n================================');
    const explained = sandboxFailure(failed, { uid: 1000 });
    assert.match(explained?.message ?? '', /user namespaces.*CHROMIUM_NO_SANDBOX=true/);
    assert.equal(explained?.cause, failed);
    assert.equal(sandboxFailure(new Error('Executable doesn\'t exist'), { uid: 1000 }), undefined);
    assert.equal(sandboxFailure(failed, { uid: 0 }), undefined, 'without a sandbox there is nothing to explain');
  });
});

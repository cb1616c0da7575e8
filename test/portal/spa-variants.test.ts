import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { periodContaining, previousPeriod } from '../../src/invoice/period.ts';
import { SharedBrowser } from '../../src/portal/browser.ts';
import { PortalError } from '../../src/portal/outcomes.ts';
import { COFFEE, driverFor, simulatorCaptchaSolver, startPortal } from '../support/portal.ts';

describe('bot protection in front of the platform (spa layout)', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  before(async () => {
    portal = await startPortal('spa', { botCheck: true, loadingMs: { min: 20, max: 100 } });
  });
  after(() => portal.close());

  test('the driver waits out the 「正在執行安全驗證」 interstitial and logs in', async () => {
    const browser = new SharedBrowser({ chromiumPath: process.env.CHROMIUM_PATH });
    try {
      const { driver } = driverFor(portal.url, browser);
      await driver.withSession((session) => session.login(COFFEE.credentials(), simulatorCaptchaSolver(portal.url)));
      assert.equal(portal.simulator.state.loginAttempts().at(-1)?.outcome, 'success');
    } finally {
      await browser.close();
    }
  });

  test('an interstitial that does not let the browser through fails as bot-check, naming PORTAL_HEADED', async () => {
    const browser = new SharedBrowser({ chromiumPath: process.env.CHROMIUM_PATH });
    try {
      const { driver } = driverFor(portal.url, browser, { botCheckTimeoutMs: 200 });
      await assert.rejects(
        driver.withSession((session) => session.login(COFFEE.credentials(), simulatorCaptchaSolver(portal.url))),
        (error: unknown) => error instanceof PortalError && error.kind === 'bot-check' && /PORTAL_HEADED=true/.test(error.message),
      );
    } finally {
      await browser.close();
    }
  });

  test('headed Chromium under Xvfb (PORTAL_HEADED=true) does the same', async () => {
    const browser = new SharedBrowser({ chromiumPath: process.env.CHROMIUM_PATH, headed: true, env: {} });
    try {
      const { driver } = driverFor(portal.url, browser);
      const before = portal.simulator.state.loginAttempts().length;
      await driver.withSession((session) => session.login(COFFEE.credentials(), simulatorCaptchaSolver(portal.url)));
      assert.equal(portal.simulator.state.loginAttempts().length, before + 1);
      assert.equal(portal.simulator.state.loginAttempts().at(-1)?.outcome, 'success');
    } finally {
      await browser.close();
    }
  });
});

describe('the business choice as a dropdown (spa-dropdown layout)', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  before(async () => {
    portal = await startPortal('spa-dropdown');
  });
  after(() => portal.close());

  test('營業人/扣繳單位 is chosen in the 登入身分 dropdown, then the ranges are saved', async () => {
    const browser = new SharedBrowser({ chromiumPath: process.env.CHROMIUM_PATH });
    try {
      const { driver } = driverFor(portal.url, browser);
      const period = previousPeriod(periodContaining(new Date()));
      const results = await driver.withSession(async (session) => {
        await session.login(COFFEE.credentials(), simulatorCaptchaSolver(portal.url));
        return session.addBlankRanges(COFFEE.store, period, [{ track: 'MM', start: 16937074, end: 16937099 }]);
      });
      assert.deepEqual(results.map((r) => r.status), ['saved']);
      assert.equal(portal.simulator.state.rows().length, 1);
    } finally {
      await browser.close();
    }
  });
});

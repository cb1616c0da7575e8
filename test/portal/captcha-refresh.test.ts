import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { REFRESH_CAPTCHA, type CaptchaAnswer, type SolveCaptcha } from '../../src/portal/login.ts';
import { PortalError } from '../../src/portal/outcomes.ts';
import { ALL_LAYOUTS, COFFEE, driverFor, simulatorCaptchaSolver, startPortal, testBrowser } from '../support/portal.ts';

const browser = testBrowser();
after(() => browser.close());

interface Asked {
  readonly image: Buffer;
  readonly attempt: number;
}

/** A person at the captcha: says each scripted thing in turn (REFRESH_CAPTCHA, wrong digits), then reads the image right. */
function person(portalUrl: string, script: readonly (CaptchaAnswer | 'read')[], asked: Asked[]): SolveCaptcha {
  const read = simulatorCaptchaSolver(portalUrl);
  return async (image, attempt) => {
    asked.push({ image, attempt });
    const says = script[asked.length - 1] ?? 'read';
    return says === 'read' ? read(image, attempt) : says;
  };
}

const distinct = (asked: readonly Asked[]) => new Set(asked.map((a) => a.image.toString('base64'))).size;

for (const layout of ALL_LAYOUTS) {
  describe(`換一張 at the platform's login (${layout} layout)`, () => {
    let portal: Awaited<ReturnType<typeof startPortal>>;
    before(async () => {
      portal = await startPortal(layout);
    });
    after(() => portal.close());
    afterEach(async () => {
      await fetch(new URL('/__sim/reset', portal.url), { method: 'POST' });
    });

    test('the refresh control brings a new image, asked about as the same attempt, and the login succeeds', async () => {
      const { driver } = driverFor(portal.url, browser);
      const asked: Asked[] = [];
      await driver.withSession((session) => session.login(COFFEE.credentials(), person(portal.url, [REFRESH_CAPTCHA, REFRESH_CAPTCHA], asked)));
      assert.deepEqual(asked.map((a) => a.attempt), [1, 1, 1]);
      assert.equal(distinct(asked), 3, 'a new image each time');
    });

    test('a wrong answer after a refresh is the first attempt; the next image is the second', async () => {
      const { driver } = driverFor(portal.url, browser);
      const asked: Asked[] = [];
      await driver.withSession((session) => session.login(COFFEE.credentials(), person(portal.url, [REFRESH_CAPTCHA, '00000'], asked)));
      assert.deepEqual(asked.map((a) => a.attempt), [1, 1, 2]);
      assert.equal(distinct(asked), 3);
    });
  });
}

describe('an image that waits its turn', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  before(async () => {
    portal = await startPortal('classic');
  });
  after(() => portal.close());

  test('the time to answer stops while the image waits its turn, and counts from when it is shown', async () => {
    const { driver } = driverFor(portal.url, browser, { captchaTimeoutMs: 1500 });
    const read = simulatorCaptchaSolver(portal.url);
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await driver.withSession((session) =>
      session.login(COFFEE.credentials(), async (image, attempt, turn) => {
        turn?.queued(); // in line behind another of the owner's images
        await wait(2000);
        turn?.shown();
        await wait(700);
        return read(image, attempt);
      }),
    );
  });

  test('the solver is told when the login stops waiting', async () => {
    const { driver } = driverFor(portal.url, browser, { captchaTimeoutMs: 300 });
    let stopped: AbortSignal | undefined;
    await assert.rejects(
      driver.withSession((session) =>
        session.login(COFFEE.credentials(), (_image, _attempt, turn) => {
          stopped = turn?.signal;
          return new Promise(() => {});
        }),
      ),
      (error: unknown) => error instanceof PortalError && error.kind === 'captcha-unanswered',
    );
    assert.equal(stopped?.aborted, true);
  });
});

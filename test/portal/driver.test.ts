import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, afterEach, before, describe, test } from 'node:test';
import { makePeriod, previousPeriod, periodContaining } from '../../src/invoice/period.ts';
import type { InvoiceRange } from '../../src/invoice/range.ts';
import { PortalError, type PortalFailureKind } from '../../src/portal/outcomes.ts';
import { PortalCredentials } from '../../src/vault/credentials.ts';
import {
  COFFEE,
  ROW_DELAY_MS,
  driverFor,
  simulatorCaptchaSolver,
  startPortal,
  testBrowser,
  ALL_LAYOUTS,
} from '../support/portal.ts';

const browser = testBrowser();
after(() => browser.close());

const period = previousPeriod(periodContaining(new Date()));
const ranges: InvoiceRange[] = [
  { track: 'MM', start: 16937074, end: 16937099 },
  { track: 'MM', start: 16946850, end: 16946899 },
  { track: 'AB', start: 12345600, end: 12345649 },
];

async function rejectsWith(kind: PortalFailureKind, work: Promise<unknown>): Promise<PortalError> {
  try {
    await work;
  } catch (error) {
    assert.ok(error instanceof PortalError, `expected PortalError, got ${inspect(error)}`);
    assert.equal(error.kind, kind, error.message);
    return error;
  }
  assert.fail(`expected PortalError ${kind}`);
}

for (const layout of ALL_LAYOUTS) {
  describe(`portal driver (${layout} layout)`, () => {
    let portal: Awaited<ReturnType<typeof startPortal>>;
    before(async () => {
      portal = await startPortal(layout);
    });
    after(() => portal.close());
    afterEach(async () => {
      await fetch(new URL('/__sim/reset', portal.url), { method: 'POST' });
    });

    const simRows = async () => ((await (await fetch(new URL('/__sim/rows', portal.url))).json()) as { rows?: unknown[] } | unknown[]);
    const rowCount = async () => {
      const body = await simRows();
      return (Array.isArray(body) ? body : (body.rows ?? [])).length;
    };

    test('logs in with the captcha, saves ranges on two tracks, and lists them after the delay', async () => {
      const { driver, logs } = driverFor(portal.url, browser);
      const captchas: Buffer[] = [];
      const result = await driver.withSession(async (session) => {
        await session.login(COFFEE.credentials(), simulatorCaptchaSolver(portal.url, captchas));
        const added = await session.addBlankRanges(COFFEE.store, period, ranges);
        const early = await session.queryBlankRanges(COFFEE.store, period);
        portal.simulator.advanceClock(ROW_DELAY_MS);
        const late = await session.queryBlankRanges(COFFEE.store, period);
        return { added, early, late };
      });
      assert.equal(captchas.length, 1);
      assert.equal(captchas[0]?.subarray(1, 4).toString(), 'PNG');
      assert.deepEqual(result.added.map((r) => r.status), ['saved', 'saved', 'saved']);
      assert.equal(result.early.rows.length, 0);
      assert.deepEqual(
        result.late.rows.map((row) => [row.track, row.start, row.end]).sort(),
        ranges.map((r) => [r.track, r.start, r.end]).sort(),
      );
      assert.ok(result.late.rows.every((row) => row.invoiceType === '一般稅額計算'));
      assert.ok(result.late.screenshot && result.late.screenshot.length > 1000);
      assert.ok(!logs.text().includes(COFFEE.password));
    });

    test('is idempotent: listed ranges are skipped, an unlisted earlier save is flagged as a duplicate', async () => {
      const { driver } = driverFor(portal.url, browser);
      const solve = simulatorCaptchaSolver(portal.url);
      await driver.withSession(async (session) => {
        await session.login(COFFEE.credentials(), solve);
        await session.addBlankRanges(COFFEE.store, period, ranges.slice(0, 2));
        const beforeListed = await session.addBlankRanges(COFFEE.store, period, ranges.slice(0, 1));
        assert.equal(beforeListed[0]?.status, 'refused');
        assert.equal(beforeListed[0]?.duplicate, true);
        assert.match(beforeListed[0]?.platformMessage ?? '', /相同區間/);
        portal.simulator.advanceClock(ROW_DELAY_MS);
        const again = await session.addBlankRanges(COFFEE.store, period, ranges);
        assert.deepEqual(again.map((r) => r.status), ['already-listed', 'already-listed', 'saved']);
      });
      assert.equal(await rowCount(), 3);
    });

    test('a range the platform refuses is reported with its reason; the others are saved', async () => {
      const { driver } = driverFor(portal.url, browser);
      const outside: InvoiceRange = { track: 'MM', start: 99990000, end: 99990049 };
      const foreign: InvoiceRange = { track: 'QQ', start: 10000000, end: 10000049 };
      const results = await driver.withSession(async (session) => {
        await session.login(COFFEE.credentials(), simulatorCaptchaSolver(portal.url));
        return session.addBlankRanges(COFFEE.store, period, [ranges[0] as InvoiceRange, outside, foreign]);
      });
      assert.deepEqual(results.map((r) => r.status), ['saved', 'refused', 'refused']);
      assert.match(results[1]?.platformMessage ?? '', /配號區間/);
      assert.match(results[2]?.platformMessage ?? '', /配號/);
      assert.equal(results[1]?.duplicate, false);
    });

    test('wrong password and unknown account are bad credentials; the fifth wrong password locks', async () => {
      const { driver, logs } = driverFor(portal.url, browser);
      const solve = simulatorCaptchaSolver(portal.url);
      const wrong = new PortalCredentials(COFFEE.store.ubn, 'coffee01', 'not-the-password');
      for (let i = 0; i < 4; i += 1) {
        await rejectsWith('bad-credentials', driver.withSession((session) => session.login(wrong, solve)));
      }
      const fifth = await rejectsWith('account-locked', driver.withSession((session) => session.login(wrong, solve)));
      assert.match(fifth.platformMessage ?? '', /鎖定/);
      await rejectsWith('account-locked', driver.withSession((session) => session.login(COFFEE.credentials(), solve)));
      const unknown = new PortalCredentials(COFFEE.store.ubn, 'nobody', 'x');
      await rejectsWith('bad-credentials', driver.withSession((session) => session.login(unknown, solve)));
      assert.ok(!logs.text().includes('not-the-password'));
    });

    test('a wrong captcha answer is asked again with a fresh image', async () => {
      const { driver } = driverFor(portal.url, browser);
      const solve = simulatorCaptchaSolver(portal.url);
      const images: Buffer[] = [];
      await driver.withSession((session) =>
        session.login(COFFEE.credentials(), async (image, attempt) => {
          images.push(image);
          return attempt === 1 ? '00000' : solve(image, attempt);
        }),
      );
      assert.equal(images.length, 2);
      assert.ok(!images[0]?.equals(images[1] as Buffer));
    });

    test('a captcha that is always rejected, or never answered, fails with its own kind', async () => {
      const { driver } = driverFor(portal.url, browser, { captchaTimeoutMs: 300 });
      portal.simulator.setFaults({ captchaAlwaysWrong: true });
      await rejectsWith('captcha-rejected', driver.withSession((session) => session.login(COFFEE.credentials(), simulatorCaptchaSolver(portal.url))));
      portal.simulator.setFaults({ captchaAlwaysWrong: false });
      await rejectsWith('captcha-unanswered', driver.withSession((session) => session.login(COFFEE.credentials(), () => new Promise(() => {}))));
    });

    test('maintenance is a retry-later outcome', async () => {
      const { driver } = driverFor(portal.url, browser);
      portal.simulator.setFaults({ maintenance: true });
      const error = await rejectsWith('maintenance', driver.withSession((session) => session.login(COFFEE.credentials(), simulatorCaptchaSolver(portal.url))));
      assert.equal(error.retryLater, true);
    });

    test('a server error on 存檔 saves nothing and says so', async () => {
      const { driver } = driverFor(portal.url, browser);
      await rejectsWith(
        'server-error',
        driver.withSession(async (session) => {
          await session.login(COFFEE.credentials(), simulatorCaptchaSolver(portal.url));
          portal.simulator.setFaults({ saveServerError: true });
          return session.addBlankRanges(COFFEE.store, period, ranges);
        }),
      );
      assert.equal(await rowCount(), 0);
    });

    test('slow pages end in a timeout', async () => {
      const { driver } = driverFor(portal.url, browser, { actionTimeoutMs: 500 });
      portal.simulator.setFaults({ slowMs: 2000 });
      await rejectsWith('timeout', driver.withSession((session) => session.login(COFFEE.credentials(), simulatorCaptchaSolver(portal.url))));
    });

    test('a session that expires mid-flow is logged in again once; a second expiry fails', async () => {
      const { driver } = driverFor(portal.url, browser);
      const solve = simulatorCaptchaSolver(portal.url);
      let logins = 0;
      const results = await driver.withSession(async (session) => {
        await session.login(COFFEE.credentials(), (image, attempt) => {
          logins += 1;
          return solve(image, attempt);
        });
        portal.simulator.setFaults({ expireSessionOn: 'save' });
        return session.addBlankRanges(COFFEE.store, period, ranges.slice(0, 1));
      });
      assert.equal(logins, 2);
      assert.equal(results[0]?.status, 'saved');
      assert.equal(await rowCount(), 1);

      await rejectsWith(
        'session-expired',
        driver.withSession(async (session) => {
          await session.login(COFFEE.credentials(), (image, attempt) => {
            portal.simulator.setFaults({ expireSessionOn: 'query' });
            return solve(image, attempt);
          });
          return session.queryBlankRanges(COFFEE.store, period);
        }),
      );
    });

    test('a period the platform does not offer is named', async () => {
      const { driver } = driverFor(portal.url, browser);
      const error = await rejectsWith(
        'period-unavailable',
        driver.withSession(async (session) => {
          await session.login(COFFEE.credentials(), simulatorCaptchaSolver(portal.url));
          return session.queryBlankRanges(COFFEE.store, makePeriod(100, 1));
        }),
      );
      assert.match(error.message, /100\/01~100\/02/);
    });

    test('an unknown page leaves a screenshot and HTML snapshot with no password in them', async () => {
      const { driver, diagnosticsDir, logs } = driverFor(new URL('/__nowhere/', portal.url).toString(), browser, { actionTimeoutMs: 3000 });
      const error = await rejectsWith('unexpected', driver.withSession((session) => session.login(COFFEE.credentials(), simulatorCaptchaSolver(portal.url))));
      assert.ok(error.diagnostics?.screenshotPath && error.diagnostics.htmlPath);
      const files = readdirSync(diagnosticsDir);
      assert.ok(files.some((f) => f.endsWith('.png')) && files.some((f) => f.endsWith('.html')));
      // The outline names what a person can see, so profile.ts can be updated from the files alone.
      const outline = readFileSync(error.diagnostics?.outlinePath ?? '', 'utf8');
      assert.match(outline, /url: +http/);
      assert.match(outline, /heading "查無此頁面"/);
      assert.equal(statSync(error.diagnostics?.outlinePath ?? '').mode & 0o077, 0, 'diagnostics are readable by their owner only');
      for (const file of files) assert.ok(!readFileSync(join(diagnosticsDir, file)).includes(COFFEE.password));
      assert.ok(!logs.text().includes(COFFEE.password));
      assert.ok(!inspect(error).includes(COFFEE.password));
    });

    test('deletes listed ranges over several pages, and says which were not listed', async () => {
      const { driver } = driverFor(portal.url, browser);
      const many: InvoiceRange[] = Array.from({ length: 17 }, (_, i) => ({ track: 'AB', start: 12345000 + i * 50, end: 12345000 + i * 50 + 9 }));
      const unlisted: InvoiceRange = { track: 'AB', start: 12349000, end: 12349009 };
      const result = await driver.withSession(async (session) => {
        await session.login(COFFEE.credentials(), simulatorCaptchaSolver(portal.url));
        await session.addBlankRanges(COFFEE.store, period, many);
        const early = await session.deleteBlankRanges(COFFEE.store, period, [many[0] as InvoiceRange]);
        portal.simulator.advanceClock(ROW_DELAY_MS);
        const deleted = await session.deleteBlankRanges(COFFEE.store, period, [many[0] as InvoiceRange, many[16] as InvoiceRange, unlisted]);
        const listing = await session.queryBlankRanges(COFFEE.store, period, false);
        return { early, deleted, listing };
      });
      assert.deepEqual(result.early.map((r) => r.status), ['not-listed'], 'a row not listed yet cannot be deleted');
      assert.deepEqual(result.deleted.map((r) => r.status), ['deleted', 'deleted', 'not-listed']);
      assert.equal(result.listing.rows.length, 15);
      assert.equal(await rowCount(), 15);
      assert.ok(!result.listing.rows.some((row) => row.start === many[16]?.start));
    });

    test('the listing is read over all its pages', async () => {
      const { driver } = driverFor(portal.url, browser);
      const many: InvoiceRange[] = Array.from({ length: 17 }, (_, i) => ({ track: 'AB', start: 12345000 + i * 50, end: 12345000 + i * 50 + 9 }));
      const listing = await driver.withSession(async (session) => {
        await session.login(COFFEE.credentials(), simulatorCaptchaSolver(portal.url));
        const added = await session.addBlankRanges(COFFEE.store, period, many);
        assert.ok(added.every((r) => r.status === 'saved'));
        portal.simulator.advanceClock(ROW_DELAY_MS);
        return session.queryBlankRanges(COFFEE.store, period, false);
      });
      assert.equal(listing.rows.length, 17);
      assert.equal(listing.screenshot, undefined);
    });
  });
}

import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPortalSimulator, type PortalSimulatorOptions } from '../../src/sim/portal/index.ts';
import { SharedBrowser } from '../../src/portal/browser.ts';
import { createPortalDriver, type PortalDriverOptions } from '../../src/portal/driver.ts';
import type { SolveCaptcha } from '../../src/portal/login.ts';
import { PortalCredentials } from '../../src/vault/credentials.ts';
import { capturingLogger } from './log.ts';

export { capturingLogger };

/** The simulator's shapes of the platform the driver must handle unchanged. */
export type Layout = 'classic' | 'alternative' | 'spa' | 'spa-dropdown';

/** Layouts the whole driver suite runs on; spa-dropdown differs only at login and has its own test. */
export const ALL_LAYOUTS: readonly Layout[] = ['classic', 'alternative', 'spa'];

function simulatorOptions(layout: Layout): PortalSimulatorOptions {
  switch (layout) {
    case 'spa':
      return { layout: 'spa' };
    case 'spa-dropdown':
      return { layout: 'spa', businessChoice: 'dropdown', loadingMs: { min: 20, max: 120 } };
    default:
      return { layout };
  }
}

/** The simulator's first fixture account (fake values, printed by `npm run portal-sim`). */
export const COFFEE = {
  credentials: () => new PortalCredentials('04595257', 'coffee01', 'Sim-Pass-1234'),
  store: { ubn: '04595257', branchUbn: '04595257', invoiceType: '07' as const },
  password: 'Sim-Pass-1234',
};

export const ROW_DELAY_MS = 60_000;

export async function startPortal(layout: Layout, extra: PortalSimulatorOptions = {}) {
  const simulator = createPortalSimulator({ ...simulatorOptions(layout), rowVisibleDelayMs: ROW_DELAY_MS, ...extra });
  const server = await simulator.listen(0);
  return { simulator, url: server.url, close: server.close };
}

/** Solves the simulator's captcha by asking its inspection endpoint which answer belongs to these exact bytes. */
export function simulatorCaptchaSolver(baseUrl: string, calls: Buffer[] = []): SolveCaptcha {
  return async (image) => {
    calls.push(image);
    const sha256 = createHash('sha256').update(image).digest('hex');
    const response = await fetch(new URL(`/__sim/captcha-answer?sha256=${sha256}`, baseUrl));
    const body = (await response.json()) as { answer?: string };
    if (!body.answer) throw new Error(`simulator does not know captcha ${sha256}`);
    return body.answer;
  };
}

export function driverFor(baseUrl: string, browser: SharedBrowser, overrides: Partial<PortalDriverOptions> = {}) {
  const logs = capturingLogger();
  const diagnosticsDir = mkdtempSync(join(tmpdir(), 'portal-diag-'));
  const driver = createPortalDriver({ baseUrl, browser, log: logs.log, diagnosticsDir, actionTimeoutMs: 10_000, ...overrides });
  return { driver, logs, diagnosticsDir };
}

export function testBrowser(): SharedBrowser {
  return new SharedBrowser({ chromiumPath: process.env.CHROMIUM_PATH });
}

import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { justEndedPeriod } from '../src/invoice/period.ts';
import type { InvoiceRange } from '../src/invoice/range.ts';
import { createLogger } from '../src/log.ts';
import { SharedBrowser } from '../src/portal/browser.ts';
import { createPortalDriver, type PortalDriver } from '../src/portal/driver.ts';
import type { SolveCaptcha } from '../src/portal/login.ts';
import { createPortalSimulator, type LayoutName } from '../src/sim/portal/index.ts';
import { PortalCredentials } from '../src/vault/credentials.ts';
import { peakTreeRss } from './process-memory.ts';
import { mib, ms, type BenchRow } from './table.ts';

const STORE = { ubn: '04595257', branchUbn: '04595257', invoiceType: '07' as const };
const credentials = () => new PortalCredentials('04595257', 'coffee01', 'Sim-Pass-1234');
const SUBMISSIONS = 5;

/**
 * Wall time of one submission and one query on today's platform shape (the spa layout, with
 * its loading delays) and on the classic one, and peak memory with 1 and 4 concurrent jobs.
 */
export async function portalBench(): Promise<BenchRow[]> {
  return [...(await layoutBench('spa')), ...(await layoutBench('classic'))];
}

async function layoutBench(layout: LayoutName): Promise<BenchRow[]> {
  const simulator = createPortalSimulator({ layout, rowVisibleDelayMs: 0 });
  const server = await simulator.listen(0);
  const browser = new SharedBrowser({ chromiumPath: process.env.CHROMIUM_PATH });
  const driver = createPortalDriver({
    baseUrl: server.url,
    browser,
    log: createLogger('silent'),
    diagnosticsDir: mkdtempSync(join(tmpdir(), 'bench-diag-')),
  });
  const solve = captchaSolver(server.url);
  const period = justEndedPeriod(new Date());
  const row = (metric: string, value: string, target?: string): BenchRow => ({ section: 'platform', metric: `${layout}: ${metric}`, value, ...(target ? { target } : {}) });
  try {
    await browser.get();
    await submit(driver, solve, period, 0); // warm-up: the first context pays for browser start-up
    const submissions: number[] = [];
    for (let i = 1; i <= SUBMISSIONS; i += 1) submissions.push(await timed(() => submit(driver, solve, period, i)));
    const queries: number[] = [];
    for (let i = 0; i < SUBMISSIONS; i += 1) queries.push(await timed(() => query(driver, solve, period)));
    const one = await peakTreeRss(() => submit(driver, solve, period, 20));
    const four = await peakTreeRss(() => Promise.all([21, 22, 23, 24].map((n) => submit(driver, solve, period, n))));
    const saved = four.result.flat().filter((status) => status === 'saved').length;
    const perExtraJob = (four.peakBytes - one.peakBytes) / 3;
    return [
      row(`submission wall time, login→存檔→result (median of ${SUBMISSIONS}, captcha wait excluded)`, ms(median(submissions)), '≤ 3000 ms'),
      row(`query wall time, login→查詢 all pages (median of ${SUBMISSIONS})`, ms(median(queries)), '≤ 3000 ms'),
      row('peak memory (PSS), 1 job: Node incl. simulator + Chromium', mib(one.peakBytes)),
      row(`peak memory (PSS), 4 concurrent jobs (${saved}/4 saved)`, mib(four.peakBytes), '4 jobs, no errors'),
      row('memory per extra concurrent job ((4 jobs − 1 job) ÷ 3)', mib(perExtraJob), '≤ 80 MiB'),
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

async function submit(driver: PortalDriver, solve: SolveCaptcha, period: ReturnType<typeof justEndedPeriod>, n: number): Promise<string[]> {
  const range: InvoiceRange = { track: 'AB', start: 12345000 + n * 10, end: 12345000 + n * 10 + 9 };
  return driver.withSession(async (session) => {
    await session.login(credentials(), solve);
    return (await session.addBlankRanges(STORE, period, [range])).map((r) => r.status);
  });
}

async function query(driver: PortalDriver, solve: SolveCaptcha, period: ReturnType<typeof justEndedPeriod>): Promise<number> {
  return driver.withSession(async (session) => {
    await session.login(credentials(), solve);
    return (await session.queryBlankRanges(STORE, period, false)).rows.length;
  });
}

function captchaSolver(baseUrl: string): SolveCaptcha {
  return async (image) => {
    const sha256 = createHash('sha256').update(image).digest('hex');
    const body = (await (await fetch(new URL(`/__sim/captcha-answer?sha256=${sha256}`, baseUrl))).json()) as { answer: string };
    return body.answer;
  };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

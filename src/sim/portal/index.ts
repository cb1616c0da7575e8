// A local stand-in for 財政部電子發票整合服務平台: the 營業人 login with captcha, the menu path of the
// seed tutorial, and the blank-number pages. The 'classic' and 'alternative' layouts render them
// as plain HTML forms (the old site); 'spa' renders them in the browser from a JSON API (the
// redesigned site). Faults, the clock and the saved rows are reachable from tests through this
// API and /__sim, whatever the layout.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createSimApp } from './app.ts';
import { createCaptchaBook } from './captcha.ts';
import { createSimClock } from './clock.ts';
import type { PlatformContext } from './context.ts';
import { createFaultSwitchboard } from './faults.ts';
import type { Faults, FaultsPatch } from './faults.ts';
import { loadFixture } from './fixture.ts';
import type { FixtureData, PortalFixture } from './fixture.ts';
import { resetState, rowSnapshots } from './inspect.ts';
import type { RowSnapshot } from './inspect.ts';
import { layoutNamed } from './layout/index.ts';
import type { LayoutName } from './layout/types.ts';
import { createLoginBook } from './logins.ts';
import type { LoginAttempt } from './logins.ts';
import { createRowStore } from './rows.ts';
import { createSessionStore } from './sessions.ts';
import { createSpaApp } from './spa/app.ts';
import { spaSettings } from './spa/settings.ts';
import type { BusinessChoice, LoadingRange } from './spa/settings.ts';
import type { LabelSet } from './texts.ts';

export const DEFAULT_ROW_VISIBLE_DELAY_MS = 2 * 60 * 60_000;
export const DEFAULT_SESSION_IDLE_MS = 20 * 60_000;
export const SIM_HOST = '127.0.0.1';

export interface PortalSimulatorOptions {
  /** A fixture path or data; the bundled fixture.json by default. */
  readonly fixture?: string | FixtureData;
  /** Overrides the fixture's count of generated store01… accounts. */
  readonly generatedStores?: number;
  readonly rowVisibleDelayMs?: number;
  readonly sessionIdleMs?: number;
  readonly layout?: LayoutName;
  /** spa layout: the standard labels, or the renamed set of texts.ts driftedSpaLabels. */
  readonly labels?: LabelSet;
  /** spa layout: the 營業人/扣繳單位 choice on the login route as links (default) or a <select>. */
  readonly businessChoice?: BusinessChoice;
  /** spa layout: real milliseconds of 載入中… before each view, drawn in [min, max]; 150–450 by default. */
  readonly loadingMs?: LoadingRange;
  /** spa layout: 「正在執行安全驗證」 before a visitor's first page. */
  readonly botCheck?: boolean;
  /** The base clock; the simulator adds its own offset (advanceClock, POST /__sim/clock). */
  readonly now?: () => Date;
  readonly faults?: FaultsPatch;
}

export interface PortalSimState {
  readonly fixture: PortalFixture;
  readonly layout: LayoutName;
  readonly rowVisibleDelayMs: number;
  now(): Date;
  rows(): readonly RowSnapshot[];
  loginAttempts(): readonly LoginAttempt[];
  faults(): Readonly<Faults>;
  sessionCount(): number;
}

export interface RunningPortalSimulator {
  readonly url: string;
  close(): Promise<void>;
}

export interface PortalSimulator {
  readonly app: Express;
  listen(port?: number): Promise<RunningPortalSimulator>;
  setFaults(partial: FaultsPatch): void;
  advanceClock(ms: number): void;
  /** Clears rows, login attempts, locks, sessions, captchas and faults (not the clock). */
  reset(): void;
  readonly state: PortalSimState;
}

export function createPortalSimulator(options: PortalSimulatorOptions = {}): PortalSimulator {
  const ctx = createContext(options);
  const layout = options.layout ?? 'classic';
  const app = createApp(ctx, layout, options);
  return {
    app,
    listen: (port = 0) => listen(app, port),
    setFaults: (partial) => ctx.faults.set(partial),
    advanceClock: (ms) => ctx.clock.advance(ms),
    reset: () => resetState(ctx),
    state: stateView(ctx, layout),
  };
}

function createApp(ctx: PlatformContext, layout: LayoutName, options: PortalSimulatorOptions): Express {
  if (layout !== 'spa') return createSimApp({ ...ctx, layout: layoutNamed(layout) });
  const { labels, businessChoice, loadingMs, botCheck } = options;
  return createSpaApp({ ...ctx, settings: spaSettings({ labels, businessChoice, loadingMs, botCheck }) });
}

function createContext(options: PortalSimulatorOptions): PlatformContext {
  const fixture = loadFixture({
    ...(options.fixture === undefined ? {} : { source: options.fixture }),
    ...(options.generatedStores === undefined ? {} : { generatedStores: options.generatedStores }),
  });
  return {
    fixture,
    clock: createSimClock(options.now),
    faults: createFaultSwitchboard(options.faults),
    captchas: createCaptchaBook(),
    logins: createLoginBook(fixture),
    sessions: createSessionStore(options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS),
    rows: createRowStore(),
    rowVisibleDelayMs: options.rowVisibleDelayMs ?? DEFAULT_ROW_VISIBLE_DELAY_MS,
  };
}

function stateView(ctx: PlatformContext, layout: LayoutName): PortalSimState {
  return {
    fixture: ctx.fixture,
    layout,
    rowVisibleDelayMs: ctx.rowVisibleDelayMs,
    now: () => ctx.clock.now(),
    rows: () => rowSnapshots(ctx),
    loginAttempts: () => [...ctx.logins.attempts()],
    faults: () => ctx.faults.current(),
    sessionCount: () => ctx.sessions.count(),
  };
}

async function listen(app: Express, port: number): Promise<RunningPortalSimulator> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, SIM_HOST, (error?: Error) => (error === undefined ? resolve(s) : reject(error)));
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${SIM_HOST}:${address.port}`,
    close: () => closeServer(server),
  };
}

// Browsers keep connections alive; without closing them the server would wait for their timeout.
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeAllConnections();
  });
}

export type { Faults, FaultsPatch, SessionExpiryPoint } from './faults.ts';
export type { FixtureAccount, Allocation, PortalFixture, FixtureData } from './fixture.ts';
export type { LoginAttempt, LoginOutcome } from './logins.ts';
export type { RowSnapshot } from './inspect.ts';
export type { LayoutName } from './layout/types.ts';
export type { BusinessChoice, LoadingRange } from './spa/settings.ts';
export type { LabelSet, SpaLabels } from './texts.ts';

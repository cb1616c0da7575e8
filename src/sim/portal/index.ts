// A local stand-in for 財政部電子發票整合服務平台: the 營業人 login with captcha, the menu path of the
// seed tutorial, and the blank-number pages, rendered as plain HTML forms so a person or the
// Playwright driver can click through it. Faults, the clock and the saved rows are reachable from
// tests through this API and /__sim.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createSimApp } from './app.ts';
import { createCaptchaBook } from './captcha.ts';
import { createSimClock } from './clock.ts';
import type { SimContext } from './context.ts';
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
  const app = createSimApp(ctx);
  return {
    app,
    listen: (port = 0) => listen(app, port),
    setFaults: (partial) => ctx.faults.set(partial),
    advanceClock: (ms) => ctx.clock.advance(ms),
    reset: () => resetState(ctx),
    state: stateView(ctx),
  };
}

function createContext(options: PortalSimulatorOptions): SimContext {
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
    layout: layoutNamed(options.layout ?? 'classic'),
    rowVisibleDelayMs: options.rowVisibleDelayMs ?? DEFAULT_ROW_VISIBLE_DELAY_MS,
  };
}

function stateView(ctx: SimContext): PortalSimState {
  return {
    fixture: ctx.fixture,
    layout: ctx.layout.name,
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

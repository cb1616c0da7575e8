// Everything a request handler may touch, built once per simulator.
import type { CaptchaBook } from './captcha.ts';
import type { SimClock } from './clock.ts';
import type { FaultSwitchboard } from './faults.ts';
import type { PortalFixture } from './fixture.ts';
import type { Layout } from './layout/types.ts';
import type { LoginBook } from './logins.ts';
import type { RowStore } from './rows.ts';
import type { SessionStore } from './sessions.ts';

/** The platform itself — accounts, captchas, sessions, rows, faults, clock — whatever renders it. */
export interface PlatformContext {
  readonly fixture: PortalFixture;
  readonly clock: SimClock;
  readonly faults: FaultSwitchboard;
  readonly captchas: CaptchaBook;
  readonly logins: LoginBook;
  readonly sessions: SessionStore;
  readonly rows: RowStore;
  readonly rowVisibleDelayMs: number;
}

/** The platform rendered by the server, page by page (the classic and alternative layouts). */
export interface SimContext extends PlatformContext {
  readonly layout: Layout;
}

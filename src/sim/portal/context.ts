// Everything a request handler may touch, built once per simulator.
import type { CaptchaBook } from './captcha.ts';
import type { SimClock } from './clock.ts';
import type { FaultSwitchboard } from './faults.ts';
import type { PortalFixture } from './fixture.ts';
import type { Layout } from './layout/types.ts';
import type { LoginBook } from './logins.ts';
import type { RowStore } from './rows.ts';
import type { SessionStore } from './sessions.ts';

export interface SimContext {
  readonly fixture: PortalFixture;
  readonly clock: SimClock;
  readonly faults: FaultSwitchboard;
  readonly captchas: CaptchaBook;
  readonly logins: LoginBook;
  readonly sessions: SessionStore;
  readonly rows: RowStore;
  readonly layout: Layout;
  readonly rowVisibleDelayMs: number;
}

export { BrowserNotFoundError, CHROMIUM_ARGS, findChromium, SharedBrowser } from './browser.ts';
export { createPortalDriver, type PortalDriver, type PortalDriverOptions } from './driver.ts';
export type { SolveCaptcha } from './login.ts';
export { PortalError, type ListedRow, type Listing, type PortalFailureKind, type RangeResult } from './outcomes.ts';
export { portalProfile } from './profile.ts';
export type { PortalSession, StoreIdentity } from './session.ts';

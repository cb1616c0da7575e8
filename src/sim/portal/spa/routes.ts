// Every path of the spa layout: the history routes the browser shows, the JSON API the views
// fetch from, the static assets and the bot check. The client gets these through its config.

/** History routes (pushState); the server answers every one of them with the same shell. */
export const SPA_ROUTES = {
  home: '/',
  login: '/accounts/login',
  business: '/business',
  blank: '/business/blank',
  /** Menu functions the chore never needs: `/business/functions/<id>`. */
  functionsPrefix: '/business/functions/',
} as const;

export const API_PREFIX = '/api';

/** Full paths of the JSON API. */
export const API = {
  session: '/api/session',
  captcha: '/api/captcha',
  login: '/api/login',
  logout: '/api/logout',
  menu: '/api/menu',
  blank: '/api/blank',
  blankForm: '/api/blank/form',
  rows: '/api/blank/rows',
  deleteRows: '/api/blank/rows/delete',
  importTracks: '/api/blank/import',
  uploads: '/api/blank/uploads',
} as const;

export const ASSETS_PREFIX = '/assets';
export const ASSET = {
  script: `${ASSETS_PREFIX}/app.js`,
  style: `${ASSETS_PREFIX}/style.css`,
} as const;

/** Where the bot-check interstitial posts its answer; in front of the platform, like Cloudflare's. */
export const CHALLENGE_PATH = '/cdn-cgi/challenge-platform/verify';

export function isApiPath(path: string): boolean {
  return path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);
}

/** Strips the prefix routers see, back to the full API path. */
export function apiSubpath(fullPath: string): string {
  return fullPath.slice(API_PREFIX.length);
}

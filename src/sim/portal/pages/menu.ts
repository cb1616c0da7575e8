// The 營業人 function menu and the two link pages on the seed's path:
// 電子發票專用字軌號碼取號 → 電子發票上傳作業 → 上傳未使用空白發票號碼(作業).
import { Router } from 'express';
import type { SimContext } from '../context.ts';
import type { Html } from '../html.ts';
import { requireSession, sendFramed } from '../http.ts';
import type { Link } from '../layout/types.ts';
import { ROUTES } from '../layout/types.ts';
import { menu } from '../texts.ts';

const TRACK_LINKS: readonly Link[] = [
  { text: menu.trackNumbers, href: ROUTES.trackAllocate },
  { text: menu.upload, href: ROUTES.trackUpload },
  { text: menu.branchRights, href: ROUTES.branchRights },
  { text: menu.vanDownload, href: ROUTES.vanDownload },
];

const UPLOAD_LINKS: readonly Link[] = [
  { text: menu.blankUpload, href: ROUTES.blank },
  { text: menu.allocationQuery, href: ROUTES.allocationQuery },
];

// Functions on the menu that the chore never needs: they exist so the menu is complete.
const STUB_PAGES: ReadonlyArray<{ readonly path: string; readonly heading: string; readonly back: string }> = [
  { path: ROUTES.progress, heading: menu.progress, back: ROUTES.menu },
  { path: ROUTES.smartLife, heading: menu.smartLife, back: ROUTES.menu },
  { path: ROUTES.utilities, heading: menu.utilities, back: ROUTES.menu },
  { path: ROUTES.trackAllocate, heading: menu.trackNumbers, back: ROUTES.track },
  { path: ROUTES.branchRights, heading: menu.branchRights, back: ROUTES.track },
  { path: ROUTES.vanDownload, heading: menu.vanDownload, back: ROUTES.track },
  { path: ROUTES.allocationQuery, heading: menu.allocationQuery, back: ROUTES.trackUpload },
];

export function menuRouter(ctx: SimContext): Router {
  const router = Router();
  const guard = requireSession(ctx);
  const page = (path: string, heading: string, content: () => Html, backHref: string | null) => {
    router.get(path, guard, (_req, res) => sendFramed(ctx, res, { heading, breadcrumb: false, content: content(), backHref }));
  };
  const tasks = menu.pendingTasks.map((name) => ({ name, pending: 0 }));
  page(ROUTES.menu, menu.functionMenu, () => ctx.layout.menuHome({ tasks }), null);
  page(ROUTES.track, menu.trackNumbers, () => ctx.layout.linkList({ links: TRACK_LINKS }), ROUTES.menu);
  page(ROUTES.trackUpload, menu.upload, () => ctx.layout.linkList({ links: UPLOAD_LINKS }), ROUTES.track);
  for (const stub of STUB_PAGES) {
    page(stub.path, stub.heading, () => ctx.layout.stub({ text: menu.stubNotice }), stub.back);
  }
  return router;
}

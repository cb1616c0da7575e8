// Rich menus: create, upload the image (a data-API path), set as default, link per user, list, delete.
import { randomBytes } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { lineError, MESSAGES, validationError, type Problems } from './errors.ts';
import { answer, answerContent, type ApiContext } from './http-kit.ts';
import { asRecord } from './json.ts';
import type { StoredRichMenu } from './store.ts';
import { richMenuImageProblem, validateRichMenu } from './validate-rich-menu.ts';

export function mountRichMenuRoutes(router: Router, ctx: ApiContext): void {
  router.post('/v2/bot/richmenu', (req, res) => create(ctx, req, res));
  router.get('/v2/bot/richmenu/list', (req, res) =>
    answer(ctx, req, res, 200, { richmenus: [...ctx.store.richMenus.values()].map(describe) }),
  );
  router.get('/v2/bot/richmenu/:richMenuId', (req, res) => withMenu(ctx, req, res, req.params.richMenuId, (menu) =>
    answer(ctx, req, res, 200, describe(menu)),
  ));
  router.delete('/v2/bot/richmenu/:richMenuId', (req, res) => remove(ctx, req, res, req.params.richMenuId));
  mountDefaultRoutes(router, ctx);
  mountUserLinkRoutes(router, ctx);
}

/** The menu's image: a data-API path (LINE serves it on api-data.line.me). */
export function mountRichMenuImageRoutes(router: Router, ctx: ApiContext): void {
  router.post('/v2/bot/richmenu/:richMenuId/content', (req, res) => upload(ctx, req, res, req.params.richMenuId));
  router.get('/v2/bot/richmenu/:richMenuId/content', (req, res) => download(ctx, req, res, req.params.richMenuId));
}

function mountDefaultRoutes(router: Router, ctx: ApiContext): void {
  router.post('/v2/bot/user/all/richmenu/:richMenuId', (req, res) => setDefault(ctx, req, res, req.params.richMenuId));
  router.get('/v2/bot/user/all/richmenu', (req, res) => {
    const id = ctx.store.defaultRichMenu.id;
    if (id === undefined) answer(ctx, req, res, 404, lineError('no default richmenu'));
    else answer(ctx, req, res, 200, { richMenuId: id });
  });
  router.delete('/v2/bot/user/all/richmenu', (req, res) => {
    ctx.store.defaultRichMenu.id = undefined;
    answer(ctx, req, res, 200, {});
  });
}

function mountUserLinkRoutes(router: Router, ctx: ApiContext): void {
  router.post('/v2/bot/user/:userId/richmenu/:richMenuId', (req, res) =>
    withImagedMenu(ctx, req, res, req.params.richMenuId, (menu) => {
      ctx.store.userRichMenus.set(req.params.userId, menu.richMenuId);
      answer(ctx, req, res, 200, {});
    }),
  );
  router.get('/v2/bot/user/:userId/richmenu', (req, res) => {
    const id = ctx.store.userRichMenus.get(req.params.userId);
    if (id === undefined) answer(ctx, req, res, 404, lineError('the user has no richmenu'));
    else answer(ctx, req, res, 200, { richMenuId: id });
  });
  router.delete('/v2/bot/user/:userId/richmenu', (req, res) => {
    ctx.store.userRichMenus.delete(req.params.userId);
    answer(ctx, req, res, 200, {});
  });
}

function create(ctx: ApiContext, req: Request, res: Response): void {
  const body = asRecord(req.body);
  const problems: Problems = [];
  validateRichMenu(body, problems);
  if (problems.length > 0) {
    answer(ctx, req, res, 400, validationError(problems));
    return;
  }
  const richMenuId = `richmenu-${randomBytes(16).toString('hex')}`;
  ctx.store.richMenus.set(richMenuId, { richMenuId, menu: body, image: undefined });
  answer(ctx, req, res, 200, { richMenuId });
}

function describe(menu: StoredRichMenu): Record<string, unknown> {
  return { richMenuId: menu.richMenuId, ...menu.menu };
}

function withMenu(ctx: ApiContext, req: Request, res: Response, id: string, then: (menu: StoredRichMenu) => void): void {
  const menu = ctx.store.richMenus.get(id);
  if (menu) then(menu);
  else answer(ctx, req, res, 404, lineError(MESSAGES.notFound));
}

/** LINE will not show a menu without its image, so it refuses to apply one. */
function withImagedMenu(ctx: ApiContext, req: Request, res: Response, id: string, then: (menu: StoredRichMenu) => void): void {
  withMenu(ctx, req, res, id, (menu) => {
    if (menu.image) then(menu);
    else answer(ctx, req, res, 400, lineError('must upload richmenu image before applying it to user'));
  });
}

function upload(ctx: ApiContext, req: Request, res: Response, id: string): void {
  withMenu(ctx, req, res, id, (menu) => {
    const contentType = (req.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const bytes: unknown = req.body;
    const problem = menu.image
      ? 'An image has already been uploaded to the richmenu'
      : richMenuImageProblem(Buffer.isBuffer(bytes) ? bytes : Buffer.alloc(0), contentType, menuSize(menu));
    if (problem !== undefined || !Buffer.isBuffer(bytes)) {
      answer(ctx, req, res, 400, lineError(problem ?? 'The request body is empty'));
      return;
    }
    menu.image = { contentType, bytes };
    answer(ctx, req, res, 200, {});
  });
}

function menuSize(menu: StoredRichMenu): { width: number; height: number } {
  const size = asRecord(menu.menu['size']);
  return { width: Number(size['width']), height: Number(size['height']) };
}

function download(ctx: ApiContext, req: Request, res: Response, id: string): void {
  const image = ctx.store.richMenus.get(id)?.image;
  if (image) answerContent(ctx, req, res, image);
  else answer(ctx, req, res, 404, lineError(MESSAGES.notFound));
}

function setDefault(ctx: ApiContext, req: Request, res: Response, id: string): void {
  withImagedMenu(ctx, req, res, id, (menu) => {
    ctx.store.defaultRichMenu.id = menu.richMenuId;
    answer(ctx, req, res, 200, {});
  });
}

function remove(ctx: ApiContext, req: Request, res: Response, id: string): void {
  withMenu(ctx, req, res, id, (menu) => {
    ctx.store.richMenus.delete(menu.richMenuId);
    if (ctx.store.defaultRichMenu.id === menu.richMenuId) ctx.store.defaultRichMenu.id = undefined;
    for (const [userId, linked] of ctx.store.userRichMenus) {
      if (linked === menu.richMenuId) ctx.store.userRichMenus.delete(userId);
    }
    answer(ctx, req, res, 200, {});
  });
}

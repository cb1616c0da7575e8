// The home page with the 營業人 login box, its captcha image, and the forgotten-account stub.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { SimContext } from '../context.ts';
import { field, sendDocument, visitorId } from '../http.ts';
import { ROUTES } from '../layout/types.ts';
import { SITE_TITLE, errors, home, loginErrors } from '../texts.ts';

export interface HomeState {
  readonly error: string | null;
  readonly notice: string | null;
  readonly ubn: string;
  readonly account: string;
}

/** Renders the home page with a fresh captcha: every render invalidates the previous one. */
export function sendHome(ctx: SimContext, req: Request, res: Response, state: HomeState): void {
  const captcha = ctx.captchas.issue(visitorId(req, res));
  const body = ctx.layout.home({ ...state, captchaSrc: ROUTES.captcha(captcha.id) });
  sendDocument(ctx, res, 200, '首頁', body);
}

export function homeRouter(ctx: SimContext): Router {
  const router = Router();
  router.get(ROUTES.home, (req, res) => {
    const expired = field(req.query, 'expired') === '1';
    const loggedOut = field(req.query, 'loggedOut') === '1';
    sendHome(ctx, req, res, {
      error: expired ? loginErrors.expired : null,
      notice: loggedOut ? loginErrors.loggedOut : null,
      ubn: '',
      account: '',
    });
  });
  router.get('/captcha/:file', (req, res) => {
    const id = req.params.file.replace(/\.png$/, '');
    const png = ctx.captchas.image(visitorId(req, res), id);
    if (png === null) {
      res.status(404).type('text').send('captcha not found');
      return;
    }
    res.type('png').set('Cache-Control', 'no-store').send(png);
  });
  router.get('/forgot', (_req, res) => {
    const body = ctx.layout.message({
      title: SITE_TITLE,
      heading: `${home.forgotAccount} ${home.forgotPassword}`,
      text: home.forgotNotice,
      link: { text: errors.backHome, href: ROUTES.home },
    });
    sendDocument(ctx, res, 200, home.forgotPassword, body);
  });
  return router;
}

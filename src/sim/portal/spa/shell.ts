// The one HTML document of the spa layout, served for every history route: the app's config as
// JSON, its stylesheet and script, and 載入中… until the script takes over.
import type { Request, Response } from 'express';
import { escapeHtml } from '../html.ts';
import { visitorId } from '../http.ts';
import { SITE_TITLE, spa } from '../texts.ts';
import { clientConfig } from './client-config.ts';
import { ASSET } from './routes.ts';
import type { SpaContext } from './settings.ts';

export const CONFIG_ELEMENT_ID = 'sim-config';

export function sendShell(ctx: SpaContext, req: Request, res: Response, status = 200): void {
  // The captcha is bound to this cookie: set it before the app's first fetch.
  visitorId(req, res);
  res.status(status).type('html').set('Cache-Control', 'no-store').send(shellHtml(ctx));
}

function shellHtml(ctx: SpaContext): string {
  // Inside <script>, only "<" can end the element early; JSON allows it escaped.
  const config = JSON.stringify(clientConfig(ctx.settings)).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="zh-Hant-TW">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(SITE_TITLE)}</title>
<link rel="stylesheet" href="${ASSET.style}">
<script type="application/json" id="${CONFIG_ELEMENT_ID}">${config}</script>
<script type="module" src="${ASSET.script}"></script>
</head>
<body>
<div id="app"><div class="loading" role="progressbar" aria-busy="true" aria-label="${escapeHtml(spa.loading)}">${escapeHtml(spa.loading)}</div></div>
<noscript>${escapeHtml(spa.noScript)}</noscript>
</body>
</html>
`;
}

// Pieces both layouts share because they are content, not structure: the page skeleton, the
// side-menu entries and the home page's news. Structure (ids, classes, nesting, order) lives in
// classic.ts and alternative.ts.
import { html, raw } from '../html.ts';
import type { Html } from '../html.ts';
import { blank, home, list, menu } from '../texts.ts';
import type { Link, Option } from './types.ts';
import { FIELD, ROUTES } from './types.ts';

export function documentShell(title: string, css: string, body: Html): string {
  return `<!DOCTYPE html>\n${html`<html lang="zh-Hant-TW">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${raw(css)}</style>
</head>
<body>
${body}
</body>
</html>`.value}\n`;
}

export const SIDE_MENU: readonly Link[] = [
  { text: menu.functionMenu, href: ROUTES.menu },
  { text: menu.progress, href: ROUTES.progress },
  { text: menu.trackNumbers, href: ROUTES.track },
  { text: menu.smartLife, href: ROUTES.smartLife },
  { text: menu.utilities, href: ROUTES.utilities },
  { text: menu.logout, href: ROUTES.logout },
];

/** The picker's buttons: each submits the chosen 字軌期別 to its own page. */
export const PICKER_BUTTONS: ReadonlyArray<{ readonly text: string; readonly formaction: string }> = [
  { text: blank.add, formaction: ROUTES.blankNew },
  { text: blank.query, formaction: ROUTES.blankList },
  { text: blank.importTracks, formaction: ROUTES.blankImport },
  { text: blank.uploadList, formaction: ROUTES.blankUploads },
];

/** The 列表 buttons, told apart by their field name. */
export const LIST_BUTTONS: ReadonlyArray<{ readonly text: string; readonly name: string }> = [
  { text: list.selectAll, name: FIELD.selectAll },
  { text: list.clearAll, name: FIELD.clearAll },
  { text: list.delete, name: FIELD.deleteSelected },
  { text: list.back, name: FIELD.back },
];

export const AUDIENCE_LINKS: readonly Link[] = home.audiences.map((text) => ({
  text,
  href: text === '首頁' ? ROUTES.home : '#',
}));

export function options(list: readonly Option[]): Html {
  return html`${list.map((o) => html`<option value="${o.value}"${o.selected ? html` selected` : ''}>${o.text}</option>`)}`;
}

export function linkItems(links: readonly Link[]): Html {
  return html`${links.map((l) => html`<li><a href="${l.href}">${l.text}</a></li>`)}`;
}

export function alert(text: string | null): Html {
  return text === null ? html`` : html`<div class="alert" role="alert">${text}</div>`;
}

export function status(text: string | null): Html {
  return text === null ? html`` : html`<div class="status" role="status">${text}</div>`;
}

/** Visible only to assistive technology: names for controls whose meaning the column shows. */
export function srOnly(text: string): Html {
  return html`<span class="sr-only">${text}</span>`;
}

export const SR_ONLY_CSS =
  '.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);border:0}';

// The HTML of a full-list page: one small, self-contained document, every line escaped. No scripts and
// no outside assets (the Content-Security-Policy forbids both), so it works in LINE's in-app browser.
import { fullListCopy } from './full-list-copy.ts';
import { escapeHtml } from './html.ts';
import { mobilePage } from './page-shell.ts';

export interface FullListView {
  readonly title: string;
  readonly lines: readonly string[];
  /** Taipei wall-clock time the link stops working, e.g. `2026/12/31 14:35`. */
  readonly validUntil: string;
}

// 17px text and max-width keep it readable on a 360px screen; pre-wrap keeps the line's own spacing;
// overflow-wrap keeps a long number or name from widening the page.
const STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#f4f6f8;color:#1f2328;font:17px/1.6 system-ui,-apple-system,"PingFang TC","Noto Sans TC","Microsoft JhengHei",sans-serif}
main{max-width:34rem;margin:0 auto;padding:24px 16px 40px}
h1{margin:0 0 12px;font-size:1.35rem;line-height:1.3}
.lines{margin:0;padding:12px 14px;border-radius:10px;background:#fff;list-style:none}
.lines li{white-space:pre-wrap;overflow-wrap:anywhere;font-variant-numeric:tabular-nums;padding:2px 0}
.lines li.gap{height:.8em}
.note{margin:16px 0 0;color:#57606a;font-size:.95rem}
p{margin:0 0 12px;overflow-wrap:anywhere}
`;

export function renderFullListPage(view: FullListView): string {
  const items = view.lines.map((line) => (line.trim() === '' ? '<li class="gap"></li>' : `<li>${escapeHtml(line)}</li>`));
  const body = [
    `<h1>${escapeHtml(view.title)}</h1>`,
    `<ul class="lines">`,
    ...items,
    '</ul>',
    `<p class="note">${escapeHtml(fullListCopy.validUntil(view.validUntil))}</p>`,
  ];
  return documentOf(view.title, body.join('\n'));
}

export function renderGonePage(): string {
  const body = [`<h1>${escapeHtml(fullListCopy.goneTitle)}</h1>`, ...fullListCopy.goneLines.map((line) => `<p>${escapeHtml(line)}</p>`)];
  return documentOf(fullListCopy.goneTitle, body.join('\n'));
}

function documentOf(title: string, body: string): string {
  return mobilePage(title, STYLE, body);
}

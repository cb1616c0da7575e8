// The classic layout: tables for forms and lists, <button>s, labels joined by for=, the way the
// platform looked in the seed tutorial.
import { CAPTCHA_HEIGHT, CAPTCHA_WIDTH } from '../captcha-image.ts';
import { CAPTCHA_DIGITS } from '../captcha.ts';
import { attrs, html } from '../html.ts';
import type { Html } from '../html.ts';
import { SITE_TITLE, blank, entry, home, importPage, list, menu, saveResult, uploadListPage } from '../texts.ts';
import { AUDIENCE_LINKS, LIST_BUTTONS, PICKER_BUTTONS, SIDE_MENU, SR_ONLY_CSS, alert, documentShell, linkItems, options, srOnly, status } from './common.ts';
import type {
  BlankSelectView,
  DocumentView,
  EntryFormView,
  EntryRowView,
  FrameView,
  HomeView,
  ImportView,
  Layout,
  LinkListView,
  ListRowView,
  MenuHomeView,
  MessageView,
  QueryListView,
  SaveResultView,
  StubView,
} from './types.ts';
import { FIELD, ROUTES } from './types.ts';

const CSS = `
body{margin:0;font-family:"Microsoft JhengHei","PingFang TC","Noto Sans TC",sans-serif;font-size:15px;color:#222;background:#f4f4f4}
#header{background:#1d4f91;color:#fff;padding:10px 24px;display:flex;justify-content:space-between;align-items:center}
#header h1{font-size:22px;margin:0}
#header .welcome{margin:0}
#container{display:flex;gap:16px;padding:16px 24px}
#audienceNav,#sideMenu{width:200px;background:#fff;border:1px solid #c8d3e0}
#audienceNav h2,#sideMenu h2{font-size:15px;margin:0;padding:8px;background:#e3ebf5}
#audienceNav ul,#sideMenu ul{list-style:none;margin:0;padding:0}
#audienceNav li a,#sideMenu li a{display:block;padding:6px 10px;border-top:1px solid #e6e6e6;color:#1d4f91;text-decoration:none}
#main{flex:1;background:#fff;border:1px solid #c8d3e0;padding:12px 18px}
#loginBox{border:1px solid #1d4f91;padding:10px;max-width:460px}
#loginBox h2{margin-top:0;font-size:17px;color:#1d4f91}
.login-table th{text-align:right;font-weight:normal;padding:4px 8px;white-space:nowrap}
.grid{border-collapse:collapse;margin:8px 0}
.grid th,.grid td{border:1px solid #9fb3c8;padding:4px 8px}
.grid th{background:#e3ebf5}
.alert{color:#b00020;border:1px solid #b00020;background:#fff0f0;padding:6px 10px;margin:8px 0}
.status{color:#14532d;border:1px solid #14532d;background:#effaf1;padding:6px 10px;margin:8px 0}
.breadcrumb{font-size:13px;color:#555;margin-bottom:8px}
.buttons{margin:10px 0}
button{padding:3px 12px;margin-right:6px}
.notes{color:#a0522d;font-size:13px}
.ok{color:#14532d}.fail{color:#b00020}
${SR_ONLY_CSS}
`;

function button(text: string, extra: Readonly<Record<string, string | boolean | undefined>> = {}): Html {
  return html`<button type="submit"${attrs(extra)}>${text}</button>`;
}

function documentOf({ title, body }: DocumentView): string {
  return documentShell(title, CSS, body);
}

function siteHeader(welcome: Html): Html {
  return html`<header id="header"><h1>${SITE_TITLE}</h1>${welcome}</header>`;
}

function homePage(view: HomeView): Html {
  return html`${siteHeader(html``)}
<div id="container">
<nav id="audienceNav" aria-labelledby="audienceNavTitle"><h2 id="audienceNavTitle">${home.audienceNav}</h2><ul>${linkItems(AUDIENCE_LINKS)}</ul></nav>
<main id="main">
${loginBox(view)}
<section id="commonLinks"><h2>${home.commonHeading}</h2><ul>${home.commonLinks.map((t) => html`<li><a href="#">${t}</a></li>`)}</ul></section>
<section id="news"><h2>${home.newsHeading}</h2><ul>${home.news.map((t) => html`<li>${t}</li>`)}</ul></section>
</main>
</div>`;
}

function loginBox(view: HomeView): Html {
  return html`<section id="loginBox" aria-labelledby="loginTitle">
<h2 id="loginTitle">${home.loginHeading}</h2>
${status(view.notice)}${alert(view.error)}
<form id="loginForm" method="post" action="${ROUTES.login}">
<fieldset id="identity"><legend>${home.identityLegend}</legend>
<label><input type="radio" name="${FIELD.identity}" value="business" checked> ${home.identityBusiness}</label>
</fieldset>
<table class="login-table" role="presentation">
<tr><th><label for="ban">${home.ubn}</label></th><td><input id="ban" name="${FIELD.ubn}" value="${view.ubn}" inputmode="numeric" maxlength="8" autocomplete="off"></td></tr>
<tr><th><label for="userId">${home.account}</label></th><td><input id="userId" name="${FIELD.account}" value="${view.account}" autocomplete="username"></td></tr>
<tr><th><label for="password">${home.password}</label></th><td><input id="password" type="password" name="${FIELD.password}" autocomplete="current-password"></td></tr>
<tr><th><label for="captchaCode">${home.captcha}</label></th><td><input id="captchaCode" name="${FIELD.captcha}" inputmode="numeric" maxlength="${CAPTCHA_DIGITS}" autocomplete="off">
<img id="captchaImg" src="${view.captchaSrc}" alt="${home.captchaImageAlt}" width="${CAPTCHA_WIDTH}" height="${CAPTCHA_HEIGHT}">
${button(home.captchaRefresh, { form: 'captchaRefreshForm', id: 'captchaRefresh' })}</td></tr>
</table>
<p class="buttons">${button(home.login, { id: 'loginBtn' })} <a href="#">${home.register}</a></p>
<p><a href="/forgot?what=account">${home.forgotAccount}</a> <a href="/forgot?what=password">${home.forgotPassword}</a></p>
</form>
<form id="captchaRefreshForm" method="get" action="${ROUTES.home}"></form>
</section>`;
}

function frame(view: FrameView): Html {
  return html`${siteHeader(html`<p class="welcome">${menu.welcome(view.welcomeName)}</p>`)}
<div id="container">
<nav id="sideMenu" aria-labelledby="sideMenuTitle"><h2 id="sideMenuTitle">${menu.sideNav}</h2><ul>${linkItems(SIDE_MENU)}</ul></nav>
<main id="main">
${view.breadcrumb ? html`<nav class="breadcrumb" aria-label="${blank.breadcrumbLabel}">${blank.breadcrumb}</nav>` : ''}
<h2>${view.heading}</h2>
${view.content}
${view.backHref === null ? '' : html`<p><a class="back" href="${view.backHref}">${menu.back}</a></p>`}
</main>
</div>`;
}

function menuHome({ tasks }: MenuHomeView): Html {
  return html`<table class="grid" id="pendingTable"><caption>${menu.pendingHeading}</caption>
<thead><tr>${menu.pendingColumns.map((c) => html`<th>${c}</th>`)}</tr></thead>
<tbody>${tasks.map((t, i) => html`<tr><td>${i + 1}</td><td>${t.name}</td><td>${t.pending}</td></tr>`)}</tbody></table>
<h3>${menu.noticeHeading}</h3><ul><li>${menu.notice}</li></ul>`;
}

function linkList({ links }: LinkListView): Html {
  return html`<ul id="functionList">${linkItems(links)}</ul>`;
}

function stub({ text }: StubView): Html {
  return html`<p>${text}</p>`;
}

function blankSelect({ periods }: BlankSelectView): Html {
  return html`<form id="blankForm" method="get" action="${ROUTES.blankNew}">
<table class="login-table" role="presentation"><tr><th><label for="period">${blank.period}</label></th>
<td><select id="period" name="${FIELD.period}">${options(periods)}</select></td></tr></table>
<p class="buttons">${PICKER_BUTTONS.map((b) => button(b.text, { formaction: b.formaction }))}</p>
<ul class="notes"><li>${blank.noteImport}</li><li>${blank.noteQuery}</li></ul>
</form>`;
}

function entryForm(view: EntryFormView): Html {
  return html`<p id="periodShown">${blank.periodShown(view.periodLabel)}</p>
<form id="entryForm" method="post" action="${view.formAction}">
<input type="hidden" name="${FIELD.period}" value="${view.periodKey}">
${noopDefaultButton()}
<table class="grid" id="entryGrid">
<thead><tr>${entry.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
<tbody>${view.rows.map((row, i) => entryRow(row, i))}</tbody>
</table>
<p class="buttons">${button(entry.addRow, { name: FIELD.addRow, value: '1' })}${button(entry.save, { name: FIELD.save, value: '1' })}</p>
</form>`;
}

// Enter in a text field clicks the form's first submit button; without this one that would be row 1's 刪除.
function noopDefaultButton(): Html {
  return html`<button type="submit" name="${FIELD.noop}" value="1" hidden tabindex="-1" aria-hidden="true"></button>`;
}

function entryRow(row: EntryRowView, index: number): Html {
  return html`<tr aria-label="${entry.rowName(index + 1)}">
<td><select name="${FIELD.rowUbn}" aria-label="${entry.ubn}">${options(row.ubns)}</select></td>
<td><select name="${FIELD.rowType}" aria-label="${entry.invoiceType}">${options(row.invoiceTypes)}</select></td>
<td><input name="${FIELD.rowTrack}" aria-label="${entry.track}" value="${row.track}" maxlength="2" size="3" autocomplete="off"></td>
<td><input name="${FIELD.rowStart}" aria-label="${entry.start}" value="${row.start}" maxlength="8" size="10" inputmode="numeric" autocomplete="off"></td>
<td><input name="${FIELD.rowEnd}" aria-label="${entry.end}" value="${row.end}" maxlength="8" size="10" inputmode="numeric" autocomplete="off"></td>
<td>${button(entry.deleteRow, { name: `${FIELD.deleteRowPrefix}${index}`, value: '1' })}</td>
</tr>`;
}

function saveResultPage(view: SaveResultView): Html {
  return html`<p>${blank.periodShown(view.periodLabel)}</p>
<table class="grid" id="resultGrid">
<thead><tr>${saveResult.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
<tbody>${view.outcomes.map((o) => html`<tr><td>${o.track}</td><td>${o.start}</td><td>${o.end}</td><td class="${o.ok ? 'ok' : 'fail'}">${o.result}</td></tr>`)}</tbody>
</table>
<p id="summary" role="status">${view.summary}</p>
<p><a href="${view.continueHref}">${saveResult.continueAdding}</a></p>`;
}

function queryList(view: QueryListView): Html {
  const c = list.columns;
  const headers = [c.select, c.ubn, c.invoiceType, c.period, c.track, c.start, c.end];
  return html`<p>${blank.periodShown(view.periodLabel)}</p>
${status(view.message)}
<form id="listForm" method="post" action="${view.formAction}">
<table class="grid" id="listGrid">
<thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${view.rows.length === 0 ? html`<tr><td colspan="7">${list.empty}</td></tr>` : view.rows.map(listRow)}</tbody>
</table>
${pager(view)}
<p class="buttons">${LIST_BUTTONS.map((b) => button(b.text, { name: b.name, value: '1' }))}</p>
</form>`;
}

function listRow(row: ListRowView): Html {
  return html`<tr>
<td><label><input type="checkbox" name="${FIELD.listRowId}" value="${row.id}"${row.checked ? html` checked` : ''}>${srOnly(list.selectRow(row.track, row.start, row.end))}</label></td>
<td>${row.branch}</td><td>${row.invoiceType}</td><td>${row.periodLabel}</td><td>${row.track}</td><td>${row.start}</td><td>${row.end}</td>
</tr>`;
}

function pager(view: QueryListView): Html {
  if (view.footer === null) return html``;
  return html`<p id="pager">${view.footer}
${view.previousHref === null ? '' : html` <a href="${view.previousHref}">${list.previous}</a>`}
${view.nextHref === null ? '' : html` <a href="${view.nextHref}">${list.next}</a>`}</p>`;
}

function importForm(view: ImportView): Html {
  return html`${status(view.message)}<form id="importForm" method="post" action="${ROUTES.blankImport}?${FIELD.period}=${view.periodKey}" enctype="multipart/form-data">
<p><label for="importFile">${importPage.file}</label> <input id="importFile" type="file" name="${FIELD.importFile}" accept=".csv,.txt"></p>
<p class="notes">${importPage.note}</p>
<p class="buttons">${button(importPage.submit)}</p>
</form>`;
}

function uploadList(): Html {
  return html`<table class="grid" id="uploadGrid"><thead><tr>${uploadListPage.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
<tbody><tr><td colspan="3">${list.empty}</td></tr></tbody></table>`;
}

function message(view: MessageView): Html {
  return html`${siteHeader(html``)}
<div id="container"><main id="main">
<h2>${view.heading}</h2>
${view.text === null ? '' : html`<p>${view.text}</p>`}
${view.link === null ? '' : html`<p><a href="${view.link.href}">${view.link.text}</a></p>`}
</main></div>`;
}

export const classicLayout: Layout = {
  name: 'classic',
  document: documentOf,
  home: homePage,
  frame,
  menuHome,
  linkList,
  stub,
  blankSelect,
  entryForm,
  saveResult: saveResultPage,
  queryList,
  importForm,
  uploadList,
  message,
};

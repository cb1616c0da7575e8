// The alternative layout: the same labels, roles and flow as classic, but divs and fieldsets instead
// of tables, labels wrapping their inputs, <input type=submit> buttons, other ids and classes, and
// a different order of markup (login box before the navigation, buttons before the select, the
// list's columns reordered, entry rows as fieldsets). A driver that only uses labels and roles
// works on both; one that leans on structure does not.
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
  Option,
  QueryListView,
  SaveResultView,
  StubView,
} from './types.ts';
import { FIELD, ROUTES } from './types.ts';

const CSS = `
body{margin:0;font-family:"Noto Sans TC","PingFang TC",sans-serif;font-size:15px;color:#1b1b1b;background:#fafaf7}
.gov-top{background:#0b6e4f;color:#fff;padding:12px 28px}
.gov-top h1{margin:0;font-size:21px;letter-spacing:1px}
.page-shell{display:grid;grid-template-columns:230px 1fr;gap:18px;padding:18px 28px}
.page-shell>.content-area{grid-column:2;grid-row:1}
.page-shell>.nav-area{grid-column:1;grid-row:1}
.panel{background:#fff;border:1px solid #b9cdbf;border-radius:4px;padding:12px 16px}
.nav-area ul{list-style:none;padding:0;margin:0}
.nav-area a{display:block;padding:6px 8px;color:#0b6e4f}
.user-chip{font-weight:bold;margin-bottom:8px}
.field{display:block;margin:6px 0}
.field>span,.field>label{display:inline-block;min-width:100px}
.row-card{border:1px dashed #8fb8a3;margin:8px 0;padding:6px 10px}
.row-card legend{font-weight:bold}
.actions-bar{margin:10px 0;display:flex;gap:8px;flex-wrap:wrap}
.data-list{border-collapse:collapse}
.data-list th,.data-list td{border:1px solid #8fb8a3;padding:4px 8px}
.aria-table{display:table;border-collapse:collapse}
.aria-table>div{display:table-row}
.aria-table span{display:table-cell;border:1px solid #8fb8a3;padding:4px 8px}
.alert{color:#9b1c1c;background:#fdecec;padding:6px 10px;border-left:4px solid #9b1c1c}
.status{color:#0b4f3a;background:#e8f5ee;padding:6px 10px;border-left:4px solid #0b6e4f}
.trail{font-size:13px;color:#555}
.hint{color:#8a4b08;font-size:13px}
${SR_ONLY_CSS}
`;

function submit(text: string, extra: Readonly<Record<string, string | boolean | undefined>> = {}): Html {
  return html`<input type="submit" value="${text}"${attrs(extra)}>`;
}

function documentOf({ title, body }: DocumentView): string {
  return documentShell(title, CSS, body);
}

function topBar(): Html {
  return html`<div class="gov-top"><h1>${SITE_TITLE}</h1></div>`;
}

// Login box first in the markup; the grid puts the navigation on the left anyway.
function homePage(view: HomeView): Html {
  return html`${topBar()}
<div class="page-shell">
<div class="content-area">
${signIn(view)}
<div class="panel" id="hot-news"><h2>${home.newsHeading}</h2><ul>${home.news.map((t) => html`<li>${t}</li>`)}</ul></div>
<div class="panel" id="common-functions"><h2>${home.commonHeading}</h2><ul>${home.commonLinks.map((t) => html`<li><a href="#">${t}</a></li>`)}</ul></div>
</div>
<div class="nav-area panel"><nav aria-label="${home.audienceNav}"><h2>${home.audienceNav}</h2><ul>${linkItems(AUDIENCE_LINKS)}</ul></nav></div>
</div>`;
}

function signIn(view: HomeView): Html {
  return html`<div class="panel sign-in" role="region" aria-labelledby="signInTitle">
<h2 id="signInTitle">${home.loginHeading}</h2>
${alert(view.error)}${status(view.notice)}
<form class="sign-in-form" method="post" action="${ROUTES.login}">
<fieldset class="who"><legend>${home.identityLegend}</legend>
<label><input type="radio" name="${FIELD.identity}" value="business" checked><span>${home.identityBusiness}</span></label>
</fieldset>
<div class="fields">
<label class="field"><span>${home.ubn}</span><input name="${FIELD.ubn}" class="in-ban" value="${view.ubn}" inputmode="numeric" maxlength="8" autocomplete="off"></label>
<label class="field"><span>${home.account}</span><input name="${FIELD.account}" class="in-user" value="${view.account}" autocomplete="username"></label>
<label class="field"><span>${home.password}</span><input name="${FIELD.password}" class="in-pass" type="password" autocomplete="current-password"></label>
<div class="captcha-line">
<img class="captcha-pic" src="${view.captchaSrc}" alt="${home.captchaImageAlt}" width="${CAPTCHA_WIDTH}" height="${CAPTCHA_HEIGHT}">
${submit(home.captchaRefresh, { form: 'refresh-captcha', class: 'refresh' })}
<label class="field"><span>${home.captcha}</span><input name="${FIELD.captcha}" class="in-captcha" inputmode="numeric" maxlength="${CAPTCHA_DIGITS}" autocomplete="off"></label>
</div>
</div>
<div class="actions-bar">${submit(home.login, { class: 'go' })}<a href="#">${home.register}</a></div>
<div><a href="/forgot?what=account">${home.forgotAccount}</a> | <a href="/forgot?what=password">${home.forgotPassword}</a></div>
</form>
<form id="refresh-captcha" method="get" action="${ROUTES.home}"></form>
</div>`;
}

// Content before navigation in the markup.
function frame(view: FrameView): Html {
  return html`${topBar()}
<div class="page-shell">
<div class="content-area panel">
<main>
${view.breadcrumb ? html`<div class="trail" role="navigation" aria-label="${blank.breadcrumbLabel}">${blank.breadcrumb}</div>` : ''}
<h2 class="page-title">${view.heading}</h2>
${view.content}
${view.backHref === null ? '' : html`<div class="actions-bar"><a href="${view.backHref}">${menu.back}</a></div>`}
</main>
</div>
<div class="nav-area panel">
<div class="user-chip">${menu.welcome(view.welcomeName)}</div>
<nav aria-label="${menu.sideNav}"><ul>${linkItems(SIDE_MENU)}</ul></nav>
</div>
</div>`;
}

function menuHome({ tasks }: MenuHomeView): Html {
  return html`<h3>${menu.noticeHeading}</h3><p>${menu.notice}</p>
<table class="data-list"><caption>${menu.pendingHeading}</caption>
<thead><tr>${menu.pendingColumns.map((c) => html`<th>${c}</th>`)}</tr></thead>
<tbody>${tasks.map((t, i) => html`<tr><td>${i + 1}</td><td>${t.name}</td><td>${t.pending}</td></tr>`)}</tbody></table>`;
}

function linkList({ links }: LinkListView): Html {
  return html`<div class="function-links"><ol>${linkItems(links)}</ol></div>`;
}

function stub({ text }: StubView): Html {
  return html`<div class="hint">${text}</div>`;
}

// The button row comes before the select.
function blankSelect({ periods }: BlankSelectView): Html {
  return html`<form class="period-picker" method="get" action="${ROUTES.blankList}">
<div class="actions-bar">${PICKER_BUTTONS.map((b) => submit(b.text, { formaction: b.formaction }))}</div>
<div class="field">${selectField('pick-period', blank.period, FIELD.period, periods)}</div>
<div class="hint"><p>${blank.noteImport}</p><p>${blank.noteQuery}</p></div>
</form>`;
}

function entryForm(view: EntryFormView): Html {
  return html`<div class="period-line">${blank.periodShown(view.periodLabel)}</div>
<form class="blank-entry" method="post" action="${view.formAction}">
${noopDefaultButton()}
<input type="hidden" name="${FIELD.period}" value="${view.periodKey}">
<div class="rows">${view.rows.map((row, i) => entryRow(row, i))}</div>
<div class="actions-bar">${submit(entry.save, { name: FIELD.save })}${submit(entry.addRow, { name: FIELD.addRow })}</div>
</form>`;
}

// Text inputs are wrapped by their labels; selects are not, because Playwright's getByLabel
// compares a label's text content, which would then include every option's text.
function selectField(id: string, label: string, name: string, list: readonly Option[]): Html {
  return html`<label for="${id}"><span>${label}</span></label><select id="${id}" name="${name}">${options(list)}</select>`;
}

// Enter in a text field clicks the form's first submit button; without this one that would be row 1's 刪除.
function noopDefaultButton(): Html {
  return html`<input type="submit" name="${FIELD.noop}" value="" hidden tabindex="-1" aria-hidden="true">`;
}

function entryRow(row: EntryRowView, index: number): Html {
  const name = entry.rowName(index + 1);
  return html`<fieldset class="row-card" role="group" aria-label="${name}"><legend>${name}</legend>
<label class="field"><span>${entry.track}</span><input name="${FIELD.rowTrack}" value="${row.track}" maxlength="2" size="3" autocomplete="off"></label>
<label class="field"><span>${entry.start}</span><input name="${FIELD.rowStart}" value="${row.start}" maxlength="8" inputmode="numeric" autocomplete="off"></label>
<label class="field"><span>${entry.end}</span><input name="${FIELD.rowEnd}" value="${row.end}" maxlength="8" inputmode="numeric" autocomplete="off"></label>
<div class="field">${selectField(`r${index}-ban`, entry.ubn, FIELD.rowUbn, row.ubns)}</div>
<div class="field">${selectField(`r${index}-kind`, entry.invoiceType, FIELD.rowType, row.invoiceTypes)}</div>
<div class="row-tools" role="group" aria-label="${entry.actions}"><span aria-hidden="true">${entry.actions}</span> ${submit(entry.deleteRow, { name: `${FIELD.deleteRowPrefix}${index}` })}</div>
</fieldset>`;
}

// ARIA table built from divs: still role=table/row/cell for anyone reading it by roles.
function saveResultPage(view: SaveResultView): Html {
  return html`<div class="aria-table" role="table" aria-label="${saveResult.heading}">
<div role="row">${saveResult.columns.map((c) => html`<span role="columnheader">${c}</span>`)}</div>
${view.outcomes.map((o) => html`<div role="row"><span role="cell">${o.track}</span><span role="cell">${o.start}</span><span role="cell">${o.end}</span><span role="cell">${o.result}</span></div>`)}
</div>
<div class="status-line" role="status">${view.summary}</div>
<div class="period-line">${blank.periodShown(view.periodLabel)}</div>
<div class="actions-bar"><a href="${view.continueHref}">${saveResult.continueAdding}</a></div>`;
}

// Columns in another order than classic, the checkbox last.
function queryList(view: QueryListView): Html {
  const c = list.columns;
  const headers = [c.track, c.start, c.end, c.period, c.invoiceType, c.ubn, c.select];
  return html`${status(view.message)}
<form class="result-list" method="post" action="${view.formAction}">
<div class="actions-bar">${LIST_BUTTONS.map((b) => submit(b.text, { name: b.name }))}</div>
<table class="data-list">
<thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${view.rows.length === 0 ? html`<tr><td colspan="7">${list.empty}</td></tr>` : view.rows.map(listRow)}</tbody>
</table>
${pager(view)}
</form>
<div class="period-line">${blank.periodShown(view.periodLabel)}</div>`;
}

function listRow(row: ListRowView): Html {
  return html`<tr><td>${row.track}</td><td>${row.start}</td><td>${row.end}</td><td>${row.periodLabel}</td><td>${row.invoiceType}</td><td>${row.branch}</td>
<td><label>${srOnly(list.selectRow(row.track, row.start, row.end))}<input type="checkbox" name="${FIELD.listRowId}" value="${row.id}"${row.checked ? html` checked` : ''}></label></td></tr>`;
}

function pager(view: QueryListView): Html {
  if (view.footer === null) return html``;
  return html`<div class="pager">
${view.previousHref === null ? '' : html`<a href="${view.previousHref}">${list.previous}</a> `}
<span>${view.footer}</span>
${view.nextHref === null ? '' : html` <a href="${view.nextHref}">${list.next}</a>`}</div>`;
}

function importForm(view: ImportView): Html {
  return html`<form class="import" method="post" action="${ROUTES.blankImport}?${FIELD.period}=${view.periodKey}" enctype="multipart/form-data">
${status(view.message)}
<div class="hint">${importPage.note}</div>
<label class="field"><span>${importPage.file}</span><input type="file" name="${FIELD.importFile}" accept=".csv,.txt"></label>
<div class="actions-bar">${submit(importPage.submit)}</div>
</form>`;
}

function uploadList(): Html {
  return html`<div class="aria-table" role="table" aria-label="${uploadListPage.heading}">
<div role="row">${uploadListPage.columns.map((c) => html`<span role="columnheader">${c}</span>`)}</div>
</div><div class="hint">${list.empty}</div>`;
}

function message(view: MessageView): Html {
  return html`${topBar()}
<div class="panel notice-page" style="margin:18px 28px">
<h2>${view.heading}</h2>
${view.text === null ? '' : html`<div>${view.text}</div>`}
${view.link === null ? '' : html`<div class="actions-bar"><a href="${view.link.href}">${view.link.text}</a></div>`}
</div>`;
}

export const alternativeLayout: Layout = {
  name: 'alternative',
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

// 查詢: the period's rows, 10 a page, with a checkbox per row, 刪除 (after its own confirm) and a
// pager whose 下一頁 never disables — on the last page it just shows the last page again.
import { apiGet, apiPost } from '../api.js';
import { api, labels, texts } from '../config.js';
import { alertDialog, confirmDialog } from '../dialogs.js';
import { h, uid } from '../dom.js';
import { whileLoading } from '../loading.js';

export async function showList(app, region, period, page) {
  const data = await whileLoading(region, () => apiGet(api.rows, { period, page }));
  const headingId = uid('list-heading');
  const heading = h('h2', { id: headingId }, texts.spa.listHeading);
  if (data.total === 0) {
    region.replaceChildren(heading, h('p', { class: 'empty' }, texts.list.empty));
    return;
  }
  const table = listTable(data.rows, headingId);
  const again = (target) => () => showList(app, region, period, target).catch(app.fail);
  const remove = h('button', { type: 'button', class: 'danger',
    onclick: () => deleteChecked(app, region, period, data.page, table).catch(app.fail) }, texts.list.delete);
  const pager = h('nav', { class: 'pager', 'aria-label': texts.spa.pager },
    h('button', { type: 'button', disabled: data.page <= 1, onclick: again(data.page - 1) }, texts.list.previous),
    h('span', { class: 'status' }, data.status),
    h('button', { type: 'button', onclick: again(data.page + 1) }, labels.next));
  region.replaceChildren(heading, h('div', { class: 'list-tools' }, remove), table, pager);
}

function listTable(rows, headingId) {
  const c = texts.list.columns;
  const headers = [c.select, c.ubn, c.invoiceType, c.period, c.track, c.start, c.end];
  return h('table', { class: 'grid', 'aria-labelledby': headingId },
    h('thead', {}, h('tr', {}, headers.map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, rows.map((row) => h('tr', {},
      h('td', {}, h('input', { type: 'checkbox', value: row.id, 'aria-label': row.selectLabel })),
      [row.branch, row.invoiceType, row.period, row.track, row.start, row.end].map((text) => h('td', {}, text))))));
}

async function deleteChecked(app, region, period, page, table) {
  const ids = [...table.querySelectorAll('input[type=checkbox]:checked')].map((box) => Number(box.value));
  if (ids.length === 0) return alertDialog(texts.list.nothingSelected);
  if (!(await confirmDialog(texts.spa.deleteConfirm))) return undefined;
  const result = await apiPost(api.deleteRows, { period, ids });
  await alertDialog(result.message);
  return showList(app, region, period, page);
}

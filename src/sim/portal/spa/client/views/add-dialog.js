// 新增 → the modal 新增未使用空白發票號碼: one group per row (第1筆, 第2筆 …) with the 統一編號,
// 發票類別, the tracks allocated to that 統一編號 in the period, and the two numbers; 存檔 asks
// first, then shows one result line per row.
import { apiGet, apiPost } from '../api.js';
import { api, fill, labels, texts } from '../config.js';
import { alertDialog, confirmDialog, modalDialog } from '../dialogs.js';
import { field, h } from '../dom.js';
import { whileBusy, whileLoading } from '../loading.js';

export async function openAddDialog(app, period) {
  const modal = modalDialog(texts.entry.heading);
  const form = await whileLoading(modal.body, () => apiGet(api.blankForm, { period }));
  const rows = h('div', { class: 'entry-rows' });
  const addRow = () => {
    rows.append(entryRow(form, rows));
    renumber(rows);
  };
  addRow();
  const formElement = h('form', {}, h('p', { class: 'period-line' }, form.periodLine), rows,
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', onclick: addRow }, texts.entry.addRow),
      h('button', { type: 'submit', class: 'primary' }, labels.save)));
  formElement.addEventListener('submit', (event) => {
    event.preventDefault();
    save(modal, period, rows).catch(app.fail);
  });
  modal.body.replaceChildren(formElement);
}

function entryRow(form, rows) {
  const ubn = h('select', { 'data-field': 'ubn' }, form.ubns.map((value) => h('option', { value }, value)));
  const invoiceType = h('select', { 'data-field': 'invoiceType' }, form.invoiceTypes.map((t) => h('option', { value: t.code }, t.label)));
  const track = h('select', { 'data-field': 'track' });
  const showTracks = () => track.replaceChildren(h('option', { value: '' }, texts.spa.chooseTrack),
    ...(form.tracks[ubn.value] ?? []).map((value) => h('option', { value }, value)));
  showTracks();
  ubn.addEventListener('change', showTracks);
  const number = (name) => h('input', { type: 'text', inputmode: 'numeric', maxlength: '8', autocomplete: 'off', 'data-field': name });
  const row = h('fieldset', { class: 'entry-row' }, h('legend', {}),
    field(texts.entry.ubn, ubn), field(texts.entry.invoiceType, invoiceType), field(texts.entry.track, track),
    field(labels.start, number('start')), field(labels.end, number('end')));
  const remove = h('button', { type: 'button', class: 'danger' }, texts.entry.deleteRow);
  remove.addEventListener('click', () => {
    row.remove();
    // The dialog always keeps one row to fill in.
    if (rows.children.length === 0) rows.append(entryRow(form, rows));
    renumber(rows);
  });
  row.append(remove);
  return row;
}

function renumber(rows) {
  [...rows.children].forEach((row, i) => {
    row.querySelector('legend').textContent = fill(texts.spa.rowNameTemplate, { n: i + 1 });
  });
}

function rowValues(row) {
  const value = (name) => row.querySelector(`[data-field="${name}"]`).value;
  return { ubn: value('ubn'), invoiceType: value('invoiceType'), track: value('track'), start: value('start'), end: value('end') };
}

async function save(modal, period, rows) {
  if (!(await confirmDialog(labels.saveConfirm))) return;
  const values = [...rows.children].map(rowValues);
  const result = await whileBusy(modal.dialog, () => apiPost(api.rows, { period, rows: values }));
  await alertDialog(result.results.map((r) => r.line));
  modal.close();
}

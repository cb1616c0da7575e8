// 匯入字軌 and 上傳列表: present so the page is complete; the chore itself never uses them.
import { apiGet, apiPost } from '../api.js';
import { api, texts } from '../config.js';
import { alertDialog } from '../dialogs.js';
import { field, h } from '../dom.js';
import { whileLoading } from '../loading.js';

export async function showImport(app, region, period) {
  await whileLoading(region, async () => null);
  const file = h('input', { type: 'file', accept: '.csv,text/csv' });
  const form = h('form', {}, field(texts.importPage.file, file), h('p', { class: 'hint' }, texts.importPage.note),
    h('button', { type: 'submit' }, texts.importPage.submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    upload().catch(app.fail);
  });
  async function upload() {
    const result = await apiPost(api.importTracks, { period, fileName: file.files[0]?.name ?? '' });
    await alertDialog(result.message);
  }
  region.replaceChildren(h('h2', {}, texts.importPage.heading), form);
}

export async function showUploads(region) {
  const data = await whileLoading(region, () => apiGet(api.uploads));
  const columns = texts.uploadList.columns;
  const rows = data.uploads.length === 0
    ? [h('tr', {}, h('td', { colspan: columns.length }, texts.spa.uploadListEmpty))]
    : data.uploads.map((upload) => h('tr', {}, h('td', {}, upload.at), h('td', {}, upload.fileName), h('td', {}, upload.result)));
  region.replaceChildren(h('h2', {}, texts.uploadList.heading), h('table', { class: 'grid' },
    h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col' }, column)))), h('tbody', {}, rows)));
}

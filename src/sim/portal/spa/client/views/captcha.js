// The 5-digit image captcha: a 1×1 placeholder first, then the picture the API sends as a data
// URL, after a short delay; the refresh button (named only by aria-label/title) fetches a new one.
import { apiGet } from '../api.js';
import { api, labels } from '../config.js';
import { h, icon, sleep, uid } from '../dom.js';
import { loadingDelay } from '../loading.js';

/** A transparent 1×1 PNG: what the real site shows until its captcha has loaded. */
export const CAPTCHA_PLACEHOLDER = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII=';

export function captchaField(app) {
  const input = h('input', { id: uid('captcha'), type: 'text', inputmode: 'numeric', maxlength: '5', autocomplete: 'off' });
  const image = h('img', { class: 'captcha-image', src: CAPTCHA_PLACEHOLDER, alt: labels.captcha, width: '160', height: '50' });
  let latest = 0;
  async function reload() {
    latest += 1;
    const mine = latest;
    image.src = CAPTCHA_PLACEHOLDER;
    input.value = '';
    const [captcha] = await Promise.all([apiGet(api.captcha), sleep(loadingDelay())]);
    // Only the newest request's picture matches the captcha the server now expects.
    if (mine === latest) image.src = captcha.image;
  }
  const refresh = h('button', { type: 'button', class: 'icon-button', 'aria-label': labels.captchaRefresh, title: labels.captchaRefresh,
    onclick: () => reload().catch(app.fail) }, icon('refresh'));
  reload().catch(app.fail);
  const element = h('div', { class: 'field captcha' }, h('label', { for: input.id }, labels.captcha), input, image, refresh);
  return { element, input, reload };
}

// 載入中…: every view shows it for a jittered while, and until its data has come, before rendering.
import { config, texts } from './config.js';
import { h, sleep } from './dom.js';

export function loadingIndicator() {
  return h('div', { class: 'loading', role: 'progressbar', 'aria-busy': 'true', 'aria-label': texts.spa.loading },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }), texts.spa.loading);
}

/** A fresh draw from the configured range, so no two loads take quite the same time. */
export function loadingDelay() {
  const { min, max } = config.loadingMs;
  return min + Math.random() * (max - min);
}

/** Shows 載入中… in `container` while `load()` runs (and at least the drawn delay); returns what it loaded. */
export async function whileLoading(container, load) {
  container.replaceChildren(loadingIndicator());
  container.setAttribute('aria-busy', 'true');
  try {
    const [value] = await Promise.all([load(), sleep(loadingDelay())]);
    return value;
  } finally {
    container.removeAttribute('aria-busy');
  }
}

/** 載入中… laid over `element` (which keeps its content) while `work()` runs. */
export async function whileBusy(element, work) {
  const overlay = h('div', { class: 'overlay' }, loadingIndicator());
  element.append(overlay);
  element.setAttribute('aria-busy', 'true');
  try {
    const [value] = await Promise.all([work(), sleep(loadingDelay())]);
    return value;
  } finally {
    overlay.remove();
    element.removeAttribute('aria-busy');
  }
}

// History routing: pushState without page loads, the back button, and links marked data-route.
import { closeAllDialogs } from './dialogs.js';

let renderRoute = () => {};
let renderCount = 0;

/** Starts routing: `render(path, isCurrent)` draws the view for a path; isCurrent() turns false once another route is drawn. */
export function startRouter(render) {
  renderRoute = render;
  window.addEventListener('popstate', () => show());
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a') : null;
    if (link === null || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
    // Placeholder links ("#") lead nowhere, as on the real site; they must not add history entries.
    if (link.getAttribute('href') === '#') event.preventDefault();
    if (!link.hasAttribute('data-route')) return;
    event.preventDefault();
    navigate(link.getAttribute('href'));
  });
  show();
}

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  show();
}

function show() {
  closeAllDialogs();
  renderCount += 1;
  const mine = renderCount;
  renderRoute(location.pathname, () => mine === renderCount);
}

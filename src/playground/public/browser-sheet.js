// LINE opens links inside the app: a browser sheet slides up over the chat, with the page's title, its host
// and a ✕. The one-time credential form opens here, so the password is typed beside the chat, not into it.
const $ = (id) => document.getElementById(id);

export function createBrowserSheet() {
  const sheet = $('browser');
  const frame = $('browser-frame');

  function open(url) {
    const address = new URL(url, location.href);
    $('browser-title').textContent = '載入中…';
    $('browser-host').textContent = address.host;
    $('browser-tab').href = address.href;
    frame.src = address.href;
    sheet.hidden = false;
    // Laid out closed first, so the slide-up transition runs from below the phone.
    sheet.getBoundingClientRect();
    sheet.classList.add('open');
  }

  function close() {
    sheet.classList.remove('open');
    sheet.hidden = true;
    frame.src = 'about:blank';
  }

  frame.addEventListener('load', () => {
    if (sheet.hidden) return;
    // Same-origin pages (the credential form) tell their title; others show their host only.
    let title = '';
    try {
      title = frame.contentDocument?.title ?? '';
    } catch {
      title = '';
    }
    $('browser-title').textContent = title || $('browser-host').textContent;
  });
  $('browser-close').addEventListener('click', close);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !sheet.hidden) close();
  });
  return { open, close };
}

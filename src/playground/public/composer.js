// The message box as in LINE: Enter sends, Shift+Enter starts a new line (the bot asks for one range per
// line), the box grows a few lines and then scrolls. Typing and the rich menu share the bottom of the
// phone: focusing the box folds the menu away, the toggle beside it switches between keyboard and menu.
const MAX_LINES = 5;

/**
 * @param {{ phone: HTMLElement, form: HTMLFormElement, text: HTMLTextAreaElement, toggle: HTMLButtonElement,
 *           richMenu: HTMLElement, onSend: (text: string) => void, onLayout: () => void }} parts
 */
export function createComposer(parts) {
  const { phone, form, text, toggle } = parts;
  const style = getComputedStyle(text);
  const lineHeight = parseFloat(style.lineHeight) || 20;
  const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
  let mode = 'menu';

  function grow() {
    // Hidden (not a friend yet), the box has no height to measure: CSS gives it one line.
    if (text.offsetParent === null) return void text.style.removeProperty('height');
    text.style.height = 'auto';
    const max = MAX_LINES * lineHeight + padding + 2;
    text.style.height = `${Math.min(text.scrollHeight + 2, max)}px`;
    text.style.overflowY = text.scrollHeight + 2 > max ? 'auto' : 'hidden';
  }

  function send() {
    const value = text.value.trim();
    if (!value) return;
    text.value = '';
    grow();
    parts.onSend(value);
  }

  /** 'menu' shows the rich menu (when there is one); 'keyboard' folds it away for typing. */
  function setMode(next) {
    mode = next;
    phone.dataset.bottom = mode;
    toggle.setAttribute('aria-label', mode === 'menu' ? '切換成鍵盤' : '打開選單');
    parts.onLayout();
  }

  text.addEventListener('keydown', (event) => {
    // An IME's Enter picks a candidate (注音, 倉頡): it must not send half a word.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    send();
  });
  text.addEventListener('input', () => {
    grow();
    if (mode !== 'keyboard') setMode('keyboard');
  });
  text.addEventListener('focus', () => {
    grow();
    setMode('keyboard');
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send();
    text.focus();
  });
  toggle.addEventListener('click', () => {
    if (mode === 'menu') {
      text.focus();
    } else {
      text.blur();
      setMode('menu');
    }
  });
  grow();
  return { mode: () => mode, setMode };
}

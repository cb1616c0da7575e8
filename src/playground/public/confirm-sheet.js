// The page's own confirmation, drawn over the phone (window.confirm would be the browser's, not LINE's look).
const $ = (id) => document.getElementById(id);

/** Resolves true when the person confirms, false on 取消, Esc or a tap outside. */
export function confirmSheet({ title, text, ok }) {
  const sheet = $('confirm');
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = ok;
  sheet.hidden = false;
  $('confirm-cancel').focus();
  return new Promise((resolve) => {
    const done = (answer) => {
      sheet.hidden = true;
      $('confirm-ok').removeEventListener('click', yes);
      $('confirm-cancel').removeEventListener('click', no);
      sheet.removeEventListener('click', outside);
      document.removeEventListener('keydown', escape);
      resolve(answer);
    };
    const yes = () => done(true);
    const no = () => done(false);
    const outside = (event) => event.target === sheet && done(false);
    const escape = (event) => event.key === 'Escape' && done(false);
    $('confirm-ok').addEventListener('click', yes);
    $('confirm-cancel').addEventListener('click', no);
    sheet.addEventListener('click', outside);
    document.addEventListener('keydown', escape);
  });
}

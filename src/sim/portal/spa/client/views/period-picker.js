// 字軌期別 as the redesigned site has it: not a <select> but a read-only box (role=combobox) that
// opens a list of options (role=listbox/option) when clicked; arrow keys, Enter and Escape work too.
import { texts } from '../config.js';
import { h, icon, uid } from '../dom.js';

export function periodPicker(periods, chosenKey) {
  let chosen = periods.find((p) => p.key === chosenKey) ?? periods[0];
  let active = periods.indexOf(chosen);
  const labelId = uid('period-label');
  const listId = uid('period-list');
  const input = h('input', { id: uid('period'), type: 'text', readonly: true, class: 'picker-input', value: chosen.label,
    role: 'combobox', 'aria-labelledby': labelId, 'aria-haspopup': 'listbox', 'aria-expanded': 'false', 'aria-controls': listId });
  const options = periods.map((period) => h('li', { role: 'option', id: uid('period-option'), 'aria-selected': String(period === chosen),
    onclick: () => pick(period) }, period.label));
  // The list is deliberately unnamed, so that 字軌期別 names one element only: the combobox.
  const list = h('ul', { id: listId, role: 'listbox', class: 'picker-list', hidden: true }, options);
  // Keeps focus in the box while an option is clicked, so focusout does not close the list first.
  list.addEventListener('mousedown', (event) => event.preventDefault());

  function open() {
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    highlight(periods.indexOf(chosen));
  }
  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }
  function pick(period) {
    chosen = period;
    input.value = period.label;
    options.forEach((option, i) => option.setAttribute('aria-selected', String(periods[i] === period)));
    close();
    input.focus();
  }
  function highlight(index) {
    active = Math.min(Math.max(index, 0), options.length - 1);
    options.forEach((option, i) => option.classList.toggle('active', i === active));
    input.setAttribute('aria-activedescendant', options[active].id);
  }
  input.addEventListener('click', () => (list.hidden ? open() : close()));
  input.addEventListener('blur', close);
  input.addEventListener('keydown', (event) => {
    const handled = onKey(event.key);
    if (handled) event.preventDefault();
  });
  function onKey(key) {
    if (key === 'ArrowDown' || key === 'ArrowUp') {
      if (list.hidden) open();
      else highlight(active + (key === 'ArrowDown' ? 1 : -1));
      return true;
    }
    if (key === 'Enter' && !list.hidden) {
      pick(periods[active]);
      return true;
    }
    if (key === 'Escape' && !list.hidden) {
      close();
      return true;
    }
    return false;
  }
  const element = h('div', { class: 'field picker' }, h('label', { id: labelId, for: input.id }, texts.blank.period),
    h('div', { class: 'picker-box' }, input, icon('chevron'), list));
  return { element, value: () => chosen.key };
}

// Modal dialogs the way the redesigned site shows them: a modal for forms (role=dialog), and
// alert dialogs for questions and results (role=alertdialog, 確定 / 取消). While one is open,
// everything behind it — the page and any dialog below — is inert.
import { texts } from './config.js';
import { h, uid } from './dom.js';

/** Open dialogs, newest last; each is the backdrop holding the dialog. */
const layers = [];

function appRoot() {
  return document.getElementById('app');
}

function updateInert() {
  const stack = [appRoot(), ...layers];
  stack.forEach((element, i) => {
    if (i < stack.length - 1) element.setAttribute('inert', '');
    else element.removeAttribute('inert');
  });
}

/** Puts a dialog on top; returns the function that takes it away again. */
function pushLayer(dialog) {
  const returnFocus = document.activeElement;
  const backdrop = h('div', { class: 'backdrop' }, dialog);
  document.body.append(backdrop);
  layers.push(backdrop);
  updateInert();
  const first = dialog.querySelector('[data-autofocus]') ?? dialog.querySelector('input:not([type=hidden]), select, button');
  (first ?? dialog).focus();
  return () => {
    const index = layers.indexOf(backdrop);
    if (index === -1) return;
    layers.splice(index, 1);
    backdrop.remove();
    updateInert();
    if (returnFocus instanceof HTMLElement && returnFocus.isConnected) returnFocus.focus();
  };
}

/** Closes every dialog: a new route or a forced logout leaves none behind. */
export function closeAllDialogs() {
  for (const backdrop of layers.splice(0)) backdrop.remove();
  updateInert();
}

/** A message (or one paragraph per line) with 確定; resolves when it is closed. */
export function alertDialog(message) {
  const lines = Array.isArray(message) ? message : [message];
  return new Promise((resolve) => {
    const messageId = uid('alert-message');
    let close = () => {};
    const done = () => {
      close();
      resolve();
    };
    const ok = h('button', { type: 'button', class: 'primary', 'data-autofocus': true, onclick: done }, texts.spa.ok);
    const dialog = h('div', { role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': messageId, class: 'dialog alert', tabindex: '-1',
      onkeydown: (event) => event.key === 'Escape' && done() },
    h('div', { id: messageId, class: 'message' }, lines.map((line) => h('p', {}, line))),
    h('div', { class: 'dialog-actions' }, ok));
    close = pushLayer(dialog);
  });
}

/** A question with 確定 and 取消; resolves true for 確定. */
export function confirmDialog(question) {
  return new Promise((resolve) => {
    const messageId = uid('confirm-message');
    let close = () => {};
    const answer = (value) => {
      close();
      resolve(value);
    };
    const dialog = h('div', { role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': messageId, class: 'dialog alert', tabindex: '-1',
      onkeydown: (event) => event.key === 'Escape' && answer(false) },
    h('div', { id: messageId, class: 'message' }, h('p', {}, question)),
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'primary', 'data-autofocus': true, onclick: () => answer(true) }, texts.spa.ok),
      h('button', { type: 'button', onclick: () => answer(false) }, texts.spa.cancel)));
    close = pushLayer(dialog);
  });
}

/** A modal titled `title`; the caller fills `body` and calls close(). */
export function modalDialog(title) {
  const titleId = uid('dialog-title');
  const body = h('div', { class: 'dialog-body' });
  let close = () => {};
  const closeButton = h('button', { type: 'button', class: 'close', onclick: () => close() }, texts.spa.close);
  const dialog = h('div', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId, class: 'dialog modal', tabindex: '-1',
    onkeydown: (event) => event.key === 'Escape' && close() },
    h('div', { class: 'dialog-header' }, h('h2', { id: titleId }, title), closeButton),
    body);
  close = pushLayer(dialog);
  return { dialog, body, close: () => close() };
}

// /accounts/login: the consumer form by default; the 營業人/扣繳單位 choice (links or a select)
// switches to the business form with its 帳號密碼 / 憑證 tabs. A refusal comes in an alert
// dialog, after which the captcha is renewed; success leaves the route for the dashboard.
import { ApiError, apiGet, apiPost } from '../api.js';
import { api, config, routes, texts } from '../config.js';
import { alertDialog } from '../dialogs.js';
import { field, h, uid } from '../dom.js';
import { whileLoading } from '../loading.js';
import { captchaField } from './captcha.js';
import { setTitle, topBar } from './chrome.js';

export async function loginView(app) {
  const session = await whileLoading(app.root, () => apiGet(api.session));
  if (!app.isCurrent()) return;
  setTitle(texts.spa.loginHeading);
  const formArea = h('div', { class: 'login-forms' });
  const show = (identity) => formArea.replaceChildren(identity === 'business' ? businessForm(app) : consumerForm(app));
  const chooser = config.businessChoice === 'dropdown' ? identityDropdown(show) : identityLinks(show);
  app.root.replaceChildren(topBar(app, session), h('main', { class: 'login' }, h('h1', {}, texts.spa.loginHeading), chooser, formArea));
  show('consumer');
}

function identityLinks(show) {
  const links = [['consumer', texts.spa.identityConsumer], ['business', texts.spa.identityBusiness]].map(([identity, text]) => {
    const link = h('a', { href: '#', 'data-identity': identity }, text);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      for (const other of links) {
        if (other === link) other.setAttribute('aria-current', 'true');
        else other.removeAttribute('aria-current');
      }
      show(identity);
    });
    return link;
  });
  links[0].setAttribute('aria-current', 'true');
  return h('ul', { class: 'identity-choice', 'aria-label': texts.spa.identityChoice }, links.map((link) => h('li', {}, link)));
}

function identityDropdown(show) {
  const select = h('select', { onchange: (event) => show(event.target.value) },
    h('option', { value: 'consumer' }, texts.spa.identityConsumer),
    h('option', { value: 'business' }, texts.spa.identityBusiness));
  return h('div', { class: 'identity-choice' }, field(texts.spa.identityChoice, select));
}

function consumerForm(app) {
  const phone = h('input', { type: 'text', autocomplete: 'username' });
  const password = h('input', { type: 'password', autocomplete: 'current-password' });
  const captcha = captchaField(app);
  const values = () => ({ identity: 'consumer', phone: phone.value, password: password.value, captcha: captcha.input.value });
  return loginForm(app, texts.spa.consumerHeading, [field(texts.spa.consumerId, phone), field(texts.home.password, password), captcha.element], values, captcha);
}

function businessForm(app) {
  const headingId = uid('business-heading');
  const tabs = [[texts.spa.tabPassword, passwordPanel], [texts.spa.tabCertificate, certificatePanel]];
  const panel = h('div', { role: 'tabpanel', class: 'tab-panel', id: uid('tab-panel') });
  const buttons = tabs.map(([label, build], i) => h('button', { type: 'button', role: 'tab', id: uid('tab'), 'aria-controls': panel.id,
    onclick: () => select(i), onkeydown: (event) => moveBetweenTabs(event, i) }, label));
  function select(index) {
    buttons.forEach((button, i) => {
      button.setAttribute('aria-selected', String(i === index));
      button.tabIndex = i === index ? 0 : -1;
    });
    panel.setAttribute('aria-labelledby', buttons[index].id);
    panel.replaceChildren(tabs[index][1](app));
  }
  function moveBetweenTabs(event, index) {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (step === undefined) return;
    const next = (index + step + buttons.length) % buttons.length;
    select(next);
    buttons[next].focus();
  }
  select(0);
  return h('section', { class: 'card', 'aria-labelledby': headingId }, h('h2', { id: headingId }, texts.spa.businessHeading),
    h('div', { role: 'tablist', 'aria-label': texts.spa.businessTabs }, buttons), panel);
}

function passwordPanel(app) {
  const ubn = h('input', { type: 'text', inputmode: 'numeric', maxlength: '8', autocomplete: 'off' });
  const account = h('input', { type: 'text', autocomplete: 'username' });
  const password = h('input', { type: 'password', autocomplete: 'current-password' });
  const captcha = captchaField(app);
  const values = () => ({ identity: 'business', ubn: ubn.value, account: account.value, password: password.value, captcha: captcha.input.value });
  const fields = [field(texts.home.ubn, ubn), field(texts.home.account, account), field(texts.home.password, password), captcha.element];
  return loginForm(app, null, fields, values, captcha);
}

// The simulator cannot read a smart card: the tab exists so the page looks complete.
function certificatePanel() {
  const pin = h('input', { type: 'password', autocomplete: 'off' });
  const submit = h('button', { type: 'submit', class: 'primary' }, texts.spa.certificateLogin);
  return h('form', { onsubmit: (event) => {
    event.preventDefault();
    alertDialog(texts.spa.certificateMissing);
  } }, field(texts.spa.certificatePin, pin), h('div', { class: 'form-actions' }, submit));
}

function loginForm(app, heading, fields, values, captcha) {
  const submit = h('button', { type: 'submit', class: 'primary' }, texts.spa.loginButton);
  const headingId = uid('form-heading');
  const form = h('form', { class: heading === null ? 'login-form' : 'login-form card', 'aria-labelledby': heading === null ? null : headingId },
    heading === null ? null : h('h2', { id: headingId }, heading), fields, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    logIn(app, values(), captcha, submit).catch(app.fail);
  });
  return form;
}

async function logIn(app, values, captcha, submit) {
  submit.disabled = true;
  try {
    await apiPost(api.login, values);
    app.navigate(routes.business);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'refused') throw error;
    await alertDialog(error.message);
    await captcha.reload();
    captcha.input.focus();
  } finally {
    submit.disabled = false;
  }
}

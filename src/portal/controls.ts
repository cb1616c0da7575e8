import type { Locator, Page } from 'playwright';
import { PortalError } from './outcomes.ts';
import type { Label } from './profile.ts';

/** Where to look: the whole page, or an open dialog (the page behind a modal is inert). */
export type Scope = Page | Locator;

type ControlRole = 'button' | 'link' | 'menuitem' | 'tab' | 'treeitem' | 'option';

/** Anything a person clicks by its name: buttons, links, menu entries, tabs. Names include aria-label and title. */
const CLICKABLE: readonly ControlRole[] = ['button', 'link', 'menuitem', 'tab', 'treeitem'];

function byRole(scope: Scope, role: ControlRole | 'checkbox' | 'radio' | 'combobox' | 'img', name: Label): Locator {
  return scope.getByRole(role, { name, exact: typeof name === 'string' });
}

/** The visible controls of these roles with this name, in document order. */
export function controls(scope: Scope, name: Label, roles: readonly ControlRole[] = CLICKABLE): Locator {
  const [first, ...rest] = roles.map((role) => byRole(scope, role, name));
  if (!first) throw new Error('controls() needs at least one role');
  return rest.reduce((all, next) => all.or(next), first).filter({ visible: true });
}

/** Waits for the first visible control with this name and clicks it. */
export async function clickControl(scope: Scope, name: Label, roles: readonly ControlRole[] = CLICKABLE): Promise<void> {
  await controls(scope, name, roles).first().click();
}

/** Whether a control with this name is visible right now (no waiting: for choices between alternatives). */
export async function isShown(locator: Locator): Promise<boolean> {
  return (await locator.count()) > 0 && locator.first().isVisible();
}

/**
 * Fields a person finds by their label: exact text first; a field labelled with
 * more words around it (「第1筆 發票字軌」) is found by the label's text within it.
 */
export function fields(scope: Scope, label: Label): Locator {
  if (typeof label !== 'string') return scope.getByLabel(label).filter({ visible: true });
  return scope.getByLabel(label, { exact: true }).filter({ visible: true });
}

export async function fieldsLoosely(scope: Scope, label: Label): Promise<Locator> {
  const exact = fields(scope, label);
  if (typeof label !== 'string' || (await exact.count()) > 0) return exact;
  return scope.getByLabel(label).filter({ visible: true });
}

/** Waits until a field with this label is visible and returns all such fields (one per row where rows repeat). */
export async function waitForFields(scope: Scope, label: Label): Promise<Locator> {
  const loose = typeof label === 'string' ? scope.getByLabel(label) : scope.getByLabel(label);
  await loose.filter({ visible: true }).first().waitFor({ state: 'visible' });
  return fieldsLoosely(scope, label);
}

type FieldKind = 'select' | 'picker' | 'text';

async function fieldKind(field: Locator): Promise<FieldKind> {
  return field.evaluate((el) => {
    if (el.tagName === 'SELECT') return 'select';
    const editable = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? !el.readOnly : el.getAttribute('contenteditable') === 'true';
    const hasPopup = el.getAttribute('role') === 'combobox' || el.hasAttribute('aria-haspopup');
    return hasPopup && !editable ? 'picker' : 'text';
  });
}

/** A chooser of one option, told by its visible text. */
export type OptionPicker = (texts: readonly string[]) => number;

/** Picks the option that reads exactly `wanted`, else one starting with it, else one containing it. */
export function optionReading(wanted: string): OptionPicker {
  return (texts) => {
    const trimmed = texts.map((text) => text.trim());
    const exact = trimmed.indexOf(wanted);
    if (exact >= 0) return exact;
    const starts = trimmed.findIndex((text) => text.startsWith(wanted));
    return starts >= 0 ? starts : trimmed.findIndex((text) => text.includes(wanted));
  };
}

/**
 * Sets a field the way a person would: types into a text box, chooses in a
 * dropdown, opens a picker widget and clicks the option. `describe` names the
 * wanted value in errors.
 */
export async function setField(page: Page, field: Locator, value: string, pick: OptionPicker = optionReading(value)): Promise<void> {
  switch (await fieldKind(field)) {
    case 'text':
      return field.fill(value);
    case 'select':
      return chooseInSelect(field, pick, value);
    case 'picker':
      return chooseInPicker(page, field, pick, value);
  }
}

async function chooseInSelect(select: Locator, pick: OptionPicker, describe: string): Promise<void> {
  const options = await select.locator('option').evaluateAll((nodes) =>
    nodes.map((node) => ({ value: (node as HTMLOptionElement).value, text: (node.textContent ?? '').trim() })),
  );
  const chosen = options[pick(options.map((option) => option.text))] ?? options.find((option) => option.value === describe);
  if (!chosen) throw new PortalError('unexpected', `The platform's dropdown offers no option "${describe}".`, `選單中沒有 ${describe}`);
  await select.selectOption({ value: chosen.value });
}

/** A picker widget: click it, wait for its list of options, click the one wanted. */
async function chooseInPicker(page: Page, picker: Locator, pick: OptionPicker, describe: string): Promise<void> {
  await picker.click();
  const options = page.getByRole('option').filter({ visible: true });
  await options.first().waitFor({ state: 'visible' });
  const index = pick(await options.allInnerTexts());
  if (index < 0) {
    await page.keyboard.press('Escape');
    throw new PortalError('unexpected', `The platform's picker offers no option "${describe}".`, `選單中沒有 ${describe}`);
  }
  await options.nth(index).click();
}

/** What a field shows as chosen or typed: a dropdown's selected option, a box's value, a widget's text. */
export async function currentValue(field: Locator): Promise<string> {
  return field.evaluate((el) => {
    if (el instanceof HTMLSelectElement) return el.selectedOptions[0]?.textContent ?? '';
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) return el.value;
    return (el as HTMLElement).innerText ?? '';
  });
}

/** The visible texts of a field's options (a dropdown's, or a picker's after opening it; the picker is closed again). */
export async function optionTexts(page: Page, field: Locator): Promise<string[]> {
  const kind = await fieldKind(field);
  if (kind === 'select') return field.locator('option').allInnerTexts();
  if (kind === 'text') return [];
  await field.click();
  const options = page.getByRole('option').filter({ visible: true });
  await options.first().waitFor({ state: 'visible' });
  const texts = await options.allInnerTexts();
  await page.keyboard.press('Escape');
  return texts;
}

/**
 * Makes a choice such as "營業人" whatever the control: a tab, a radio button, a
 * dropdown option, or a link or button. Returns false when nothing offers it.
 * Controls inside the site's navigation bar come last: the same word there
 * usually leads to another part of the site.
 */
export async function choose(page: Page, scope: Scope, name: Label): Promise<boolean> {
  const tab = byRole(scope, 'tab', name).filter({ visible: true });
  if (await isShown(tab)) {
    if ((await tab.first().getAttribute('aria-selected')) !== 'true') await tab.first().click();
    return true;
  }
  const radio = byRole(scope, 'radio', name).filter({ visible: true });
  if (await isShown(radio)) {
    await radio.first().check();
    return true;
  }
  if (await chooseInAnySelect(scope, name)) return true;
  const candidate = await outsideNavigationFirst(controls(scope, name, ['link', 'button', 'menuitem']));
  if (!candidate) return false;
  await candidate.click();
  return true;
}

async function chooseInAnySelect(scope: Scope, name: Label): Promise<boolean> {
  const matches = (text: string) => (typeof name === 'string' ? text.trim() === name : name.test(text.trim()));
  const selects = scope.locator('select').filter({ visible: true });
  for (let i = 0; i < (await selects.count()); i += 1) {
    const select = selects.nth(i);
    const texts = await select.locator('option').allInnerTexts();
    const index = texts.findIndex(matches);
    if (index >= 0) {
      await select.selectOption({ index });
      return true;
    }
  }
  return false;
}

async function outsideNavigationFirst(candidates: Locator): Promise<Locator | null> {
  const count = await candidates.count();
  let fallback: Locator | null = null;
  for (let i = 0; i < count; i += 1) {
    const candidate = candidates.nth(i);
    const inNavigation = await candidate.evaluate((el) => el.closest('nav, header, [role="navigation"], [role="banner"]') !== null);
    if (!inNavigation) return candidate;
    fallback ??= candidate;
  }
  return fallback;
}

export { byRole };

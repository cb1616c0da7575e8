import type { Locator, Page, Response } from 'playwright';
import type { PortalCredentials } from '../vault/credentials.ts';
import { choose, clickControl, controls, fields, isShown, waitForFields } from './controls.ts';
import { acceptDialog, freshMessages, markMessagesSeen, topDialog } from './dialogs.ts';
import { PortalError } from './outcomes.ts';
import type { PortalProfile } from './profile.ts';
import { busyWith, pollFor } from './waiting.ts';

/** What a solver answers instead of digits when the person cannot read the image: the driver fetches another. */
export const REFRESH_CAPTCHA: unique symbol = Symbol('refresh the captcha');

export type CaptchaAnswer = string | typeof REFRESH_CAPTCHA;

/** What the login tells the solver besides the image. */
export interface CaptchaTurn {
  /** Aborted once the login stops waiting for this answer (no answer in time): stop asking. */
  readonly signal: AbortSignal;
  /** The image waits its turn behind another shown to the same person (one owner, two jobs): the time to answer stops. */
  queued(): void;
  /** The image is in front of the person now (after queued(), or again after a refresh): the time to answer starts here. */
  shown(): void;
}

/**
 * Asked for the digits in a captcha image; the owner answers in LINE. `attempt` starts at 1 and
 * grows only when the platform rejects an answer: a refreshed image keeps its attempt.
 */
export type SolveCaptcha = (image: Buffer, attempt: number, turn?: CaptchaTurn) => Promise<CaptchaAnswer>;

export interface LoginOptions {
  readonly baseUrl: string;
  readonly captchaTimeoutMs: number;
  readonly maxCaptchaTries: number;
  /** How long to wait for something a person would wait for (a form, an answer). */
  readonly actionTimeoutMs: number;
}

/** What the session lends the login: acting on the page and the words of native alerts. */
export interface LoginActions {
  /** Runs an action, then waits for the page to settle and checks for outages. */
  act(action: () => Promise<unknown>): Promise<void>;
  /** Texts of window.alert/confirm the page raised since the last call. */
  takeNativeMessages(): string[];
}

/** A fresh captcha takes a moment to arrive (a placeholder first, by XHR on a single-page app). */
const CAPTCHA_ARRIVAL_MS = 5000;
/** New images a login asks for at the person's request before it gives up: a bound, not a rule of the platform. */
const MAX_REFRESHES = 10;

/**
 * Logs in the way a person does: open the home page, go to the login form (it
 * is there, or behind 登入), choose 營業人, fill 統一編號, 帳號, 密碼, read the
 * captcha, type the answer, press 登入. A wrong captcha is tried again with a
 * fresh image, up to maxCaptchaTries times. When the person asks for another image
 * (REFRESH_CAPTCHA), the platform's refresh control is pressed and the new image
 * asked about, without spending an attempt.
 */
export async function logIn(
  page: Page,
  profile: PortalProfile,
  credentials: PortalCredentials,
  solveCaptcha: SolveCaptcha,
  options: LoginOptions,
  actions: LoginActions,
): Promise<void> {
  const images = collectImageResponses(page);
  try {
    await actions.act(() => page.goto(new URL(profile.homePath, options.baseUrl).toString()));
    await openBusinessLoginForm(page, profile, options, actions);
    const form: LoginForm = { page, profile, options, actions, findImage: images.find, refreshes: 0 };
    let answered: string | undefined;
    for (let attempt = 1; attempt <= options.maxCaptchaTries; attempt += 1) {
      const { captcha, answer } = await solveCaptchaShown(form, solveCaptcha, attempt, answered);
      answered = captcha.source;
      // Filled after the answer: a refresh may have reloaded the form (classic) and emptied it.
      await fillCredentials(page, profile, credentials);
      await (await waitForFields(page, profile.login.captcha)).first().fill(answer.replace(/\s+/g, ''));
      await markMessagesSeen(page);
      await actions.act(() => clickControl(page, profile.login.submit, ['button']));
      if ((await judgeLogin(page, profile, options, actions)) === 'signed-in') return;
    }
    throw new PortalError('captcha-rejected', `The platform rejected the captcha answer ${options.maxCaptchaTries} times.`);
  } finally {
    images.stop();
  }
}

async function openBusinessLoginForm(page: Page, profile: PortalProfile, options: LoginOptions, actions: LoginActions): Promise<void> {
  const password = fields(page, profile.login.password);
  const entry = controls(page, profile.login.entry, ['link', 'button']);
  await password.or(entry).first().waitFor({ state: 'visible', timeout: options.actionTimeoutMs }).catch(() => undefined);
  const entryShown = !(await isShown(password)) && (await isShown(entry));
  if (entryShown) await actions.act(() => entry.first().click());
  if (!(await isShown(password)) && !(entryShown && (await appears(password, options.actionTimeoutMs)))) {
    // No form and no way to it that worked: the login view's own address, as public automation code opens it.
    await actions.act(() => page.goto(new URL(profile.loginPath, options.baseUrl).toString()));
    if (!(await appears(password, options.actionTimeoutMs))) throw new PortalError('unexpected', 'No login form on the home page, behind 登入, or at the login address.');
  }
  await chooseBusiness(page, profile, options, actions);
}

/** Picks 營業人 (and the password method where 憑證 is the other tab) until the 統一編號 field shows. */
async function chooseBusiness(page: Page, profile: PortalProfile, options: LoginOptions, actions: LoginActions): Promise<void> {
  const ubn = fields(page, profile.login.ubn);
  for (const choice of [profile.login.business, profile.login.passwordMethod]) {
    if (await isShown(ubn)) {
      // Already showing, but a tab or radio for the audience may still be unselected (a shared form).
      await choose(page, page, choice).catch(() => false);
      continue;
    }
    if (await choose(page, page, choice)) await actions.act(async () => undefined);
  }
  if (!(await appears(ubn, options.actionTimeoutMs))) {
    throw new PortalError('unexpected', 'The business login form (統一編號, 帳號, 密碼) did not appear after choosing 營業人.');
  }
}

async function fillCredentials(page: Page, profile: PortalProfile, credentials: PortalCredentials): Promise<void> {
  await (await waitForFields(page, profile.login.ubn)).first().fill(credentials.ubn);
  await (await waitForFields(page, profile.login.account)).first().fill(credentials.account);
  await (await waitForFields(page, profile.login.password)).first().fill(credentials.revealPassword());
}

interface CaptchaImage {
  readonly source: string;
  readonly bytes: Buffer;
}

/** The login form's page and what reading its captcha needs. */
interface LoginForm {
  readonly page: Page;
  readonly profile: PortalProfile;
  readonly options: LoginOptions;
  readonly actions: LoginActions;
  readonly findImage: (url: string) => Promise<Buffer | undefined>;
  /** New images asked for at the person's request, over the whole login. */
  refreshes: number;
}

/**
 * The captcha shown and the person's digits for it. Asked for another image, the driver
 * presses refresh and asks again about the new one, as the same attempt.
 */
async function solveCaptchaShown(
  form: LoginForm,
  solve: SolveCaptcha,
  attempt: number,
  answered: string | undefined,
): Promise<{ captcha: CaptchaImage; answer: string }> {
  let captcha = await readCaptcha(form, answered);
  for (;;) {
    const answer = await askSolver(solve, captcha.bytes, attempt, form.options.captchaTimeoutMs);
    if (answer !== REFRESH_CAPTCHA) return { captcha, answer };
    form.refreshes += 1;
    if (form.refreshes > MAX_REFRESHES) throw new PortalError('captcha-unanswered', `Asked for a new captcha image ${MAX_REFRESHES} times without an answer.`);
    captcha = await refreshCaptcha(form, captcha.source);
  }
}

/**
 * The captcha as the person sees it: the image once it has really arrived (not a
 * 1×1 placeholder, not the image already answered). When no fresh one comes, the
 * refresh button asks for one.
 */
async function readCaptcha(form: LoginForm, answered: string | undefined): Promise<CaptchaImage> {
  const shown = await arrivedCaptcha(form, answered);
  return shown ?? refreshCaptcha(form, answered);
}

/**
 * Presses the platform's refresh control (更換驗證碼, or the spa's icon button) and reads the
 * new image. On some layouts the control reloads the login page: the form is opened again
 * when it is gone, and 營業人 chosen again.
 */
async function refreshCaptcha(form: LoginForm, previous: string | undefined): Promise<CaptchaImage> {
  const { page, profile, options, actions } = form;
  await actions.act(() => clickControl(page, profile.login.refreshCaptcha, ['button', 'link']));
  if (!(await isShown(fields(page, profile.login.password)))) await openBusinessLoginForm(page, profile, options, actions);
  else await chooseBusiness(page, profile, options, actions);
  const image = await arrivedCaptcha(form, previous);
  if (!image) throw new PortalError('unexpected', 'The captcha image did not load.');
  return image;
}

/** The captcha image once one other than `notThis` has arrived, or undefined when none does in time. */
async function arrivedCaptcha(form: LoginForm, notThis: string | undefined): Promise<CaptchaImage | undefined> {
  const { page, profile } = form;
  const image = page.getByRole('img', { name: profile.login.captchaImage, exact: typeof profile.login.captchaImage === 'string' }).filter({ visible: true }).first();
  await image.waitFor({ state: 'visible' });
  const source = await freshImageSource(image, notThis);
  if (source === undefined) return undefined;
  // The exact bytes the platform served; asking the server again would issue another captcha.
  const bytes = dataUrlBytes(source) ?? (await form.findImage(source)) ?? (await image.screenshot());
  return { source, bytes };
}

async function freshImageSource(image: Locator, answered: string | undefined): Promise<string | undefined> {
  return pollFor(async () => {
    const shown = await image
      .evaluate(async (img) => {
        const el = img as HTMLImageElement;
        await el.decode().catch(() => undefined);
        return { source: el.currentSrc || el.src, width: el.naturalWidth, height: el.naturalHeight };
      })
      .catch(() => undefined);
    if (!shown || shown.width <= 1 || shown.height <= 1 || shown.source === answered) return undefined;
    return shown.source;
  }, CAPTCHA_ARRIVAL_MS);
}

function dataUrlBytes(source: string): Buffer | undefined {
  const match = /^data:image\/[a-z+.-]+;base64,(.*)$/i.exec(source);
  return match?.[1] === undefined ? undefined : Buffer.from(match[1], 'base64');
}

type LoginVerdict = 'signed-in' | 'wrong-captcha';

/**
 * Reads the platform's answer to 登入: a message (an alert box, a dialog, a
 * window.alert) that names the problem, or the login form gone (we left the
 * login view). Dialogs are closed with 確定, as a person would.
 */
async function judgeLogin(page: Page, profile: PortalProfile, options: LoginOptions, actions: LoginActions): Promise<LoginVerdict> {
  const heard: string[] = [];
  let formGoneTimes = 0;
  const verdict = await pollFor(async () => {
    heard.push(...actions.takeNativeMessages(), ...(await freshMessages(page)));
    const fromMessages = verdictOf(heard.join('\n'), profile);
    if (fromMessages) return fromMessages;
    if ((await busyWith(page, profile)) !== null) return undefined;
    const formGone = !(await isShown(fields(page, profile.login.password))) && !page.url().includes(profile.loginPath || '\u0000');
    formGoneTimes = formGone ? formGoneTimes + 1 : 0;
    // Twice in a row: a view that swaps its content must not pass for a signed-in page.
    return formGoneTimes >= 2 ? ('signed-in' as const) : undefined;
  }, options.actionTimeoutMs);
  await closeDialog(page, profile);
  if (verdict === undefined) {
    throw new PortalError('unexpected', 'Still on the login page after 登入, with no message the driver knows.', firstLine(heard.join('\n'), /.+/));
  }
  return verdict;
}

function verdictOf(text: string, profile: PortalProfile): 'wrong-captcha' | undefined {
  const { messages } = profile;
  if (messages.wrongCaptcha.test(text)) return 'wrong-captcha';
  if (messages.locked.test(text)) throw new PortalError('account-locked', 'The platform account is locked.', firstLine(text, messages.locked));
  if (messages.wrongPassword.test(text) || messages.unknownAccount.test(text)) {
    const line = firstLine(text, messages.wrongPassword.test(text) ? messages.wrongPassword : messages.unknownAccount);
    throw new PortalError('bad-credentials', 'The platform refused the login.', line);
  }
  if (messages.maintenance.test(text)) throw new PortalError('maintenance', 'The platform is under maintenance.', firstLine(text, messages.maintenance));
  if (messages.serverError.test(text)) throw new PortalError('server-error', 'The platform answered with a server error.', firstLine(text, messages.serverError));
  return undefined;
}

async function closeDialog(page: Page, profile: PortalProfile): Promise<void> {
  const dialog = await topDialog(page);
  if (dialog) await acceptDialog(dialog, profile).catch(() => undefined);
}

function firstLine(text: string, pattern: RegExp): string {
  return text.split('\n').map((line) => line.trim()).find((line) => pattern.test(line)) ?? text.trim().slice(0, 200);
}

/** Waits up to timeoutMs for the locator to be visible. */
async function appears(locator: Locator, timeoutMs: number): Promise<boolean> {
  return locator.first().waitFor({ state: 'visible', timeout: timeoutMs }).then(() => true, () => false);
}

/**
 * Asks the solver, and gives up when no answer comes within timeoutMs of the image being
 * shown: from the call, and not while the solver says the image waits its turn.
 */
async function askSolver(solve: SolveCaptcha, image: Buffer, attempt: number, timeoutMs: number): Promise<CaptchaAnswer> {
  const stop = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let giveUp: (error: PortalError) => void = () => undefined;
  const timeout = new Promise<never>((_, reject) => (giveUp = reject));
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stop.abort();
      giveUp(new PortalError('captcha-unanswered', `No captcha answer within ${Math.round(timeoutMs / 1000)} s.`));
    }, timeoutMs);
  };
  arm();
  try {
    const turn: CaptchaTurn = { signal: stop.signal, queued: () => clearTimeout(timer), shown: arm };
    return await Promise.race([solve(image, attempt, turn), timeout]);
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
}

/** Keeps the bodies of images the page loads, so the captcha can be read without fetching it again. */
function collectImageResponses(page: Page) {
  const responses = new Map<string, Response>();
  const onResponse = (response: Response) => {
    if (response.request().resourceType() === 'image') responses.set(response.url(), response);
  };
  page.on('response', onResponse);
  return {
    find: async (url: string) => {
      const response = responses.get(url);
      return response ? response.body().catch(() => undefined) : undefined;
    },
    stop: () => page.off('response', onResponse),
  };
}

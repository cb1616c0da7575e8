import type { Page, Response } from 'playwright';
import type { PortalCredentials } from '../vault/credentials.ts';
import { PortalError } from './outcomes.ts';
import { readPageSignals } from './page-reading.ts';
import type { PortalProfile } from './profile.ts';

/** Asked for the digits in a captcha image; the owner answers in LINE. `attempt` starts at 1. */
export type SolveCaptcha = (image: Buffer, attempt: number) => Promise<string>;

export interface LoginOptions {
  readonly baseUrl: string;
  readonly captchaTimeoutMs: number;
  readonly maxCaptchaTries: number;
}

const LOGIN_FORM_WAIT_MS = 5000;

type LoginPageVerdict = 'signed-in' | 'wrong-captcha';

/**
 * Logs in from the home page the way a person does: fill 統一編號, 帳號, 密碼,
 * read the captcha, type the answer, press 登入. A wrong captcha is tried again
 * with the fresh image the platform shows, up to maxCaptchaTries times.
 */
export async function logIn(
  page: Page,
  profile: PortalProfile,
  credentials: PortalCredentials,
  solveCaptcha: SolveCaptcha,
  options: LoginOptions,
  load: (action: () => Promise<unknown>) => Promise<void>,
  takeDialogMessages: () => string[] = () => [],
): Promise<void> {
  const captchaImages = collectImageResponses(page);
  try {
    await load(() => page.goto(new URL(profile.homePath, options.baseUrl).toString()));
    for (let attempt = 1; attempt <= options.maxCaptchaTries; attempt += 1) {
      await chooseBusinessLogin(page, profile);
      await fillCredentials(page, profile, credentials);
      const answer = await askForCaptcha(page, profile, captchaImages.find, solveCaptcha, attempt, options.captchaTimeoutMs);
      await page.getByLabel(profile.login.captcha, { exact: true }).fill(answer);
      await load(() => page.getByRole('button', { name: profile.login.submit }).click());
      if ((await judgeLoginPage(page, profile, takeDialogMessages())) === 'signed-in') return;
    }
    throw new PortalError('captcha-rejected', `The platform rejected the captcha answer ${options.maxCaptchaTries} times.`);
  } finally {
    captchaImages.stop();
  }
}

async function chooseBusinessLogin(page: Page, profile: PortalProfile): Promise<void> {
  const tab = page.getByRole('tab', { name: profile.login.audienceTab });
  if ((await tab.count()) > 0 && (await tab.first().getAttribute('aria-selected')) !== 'true') await tab.first().click();
  const radio = page.getByRole('radio', { name: profile.login.audienceTab });
  if ((await radio.count()) > 0 && !(await radio.first().isChecked())) await radio.first().check();
}

async function fillCredentials(page: Page, profile: PortalProfile, credentials: PortalCredentials): Promise<void> {
  const ubnField = page.getByLabel(profile.login.ubn, { exact: true });
  const found = await ubnField.first().waitFor({ state: 'visible', timeout: LOGIN_FORM_WAIT_MS }).then(() => true, () => false);
  if (!found) throw new PortalError('unexpected', 'The login form (統一編號, 帳號, 密碼) was not found on the home page.');
  await page.getByLabel(profile.login.ubn, { exact: true }).fill(credentials.ubn);
  await page.getByLabel(profile.login.account, { exact: true }).fill(credentials.account);
  await page.getByLabel(profile.login.password, { exact: true }).fill(credentials.revealPassword());
}

async function askForCaptcha(
  page: Page,
  profile: PortalProfile,
  findImage: (url: string) => Promise<Buffer | undefined>,
  solveCaptcha: SolveCaptcha,
  attempt: number,
  timeoutMs: number,
): Promise<string> {
  const image = page.getByRole('img', { name: profile.login.captchaImage });
  await image.waitFor({ state: 'visible' });
  const source = await image.evaluate(async (img) => {
    await (img as HTMLImageElement).decode().catch(() => undefined);
    return (img as HTMLImageElement).currentSrc;
  });
  // The exact bytes the platform served; a second request would issue a new captcha.
  const bytes = (await findImage(source)) ?? (await image.screenshot());
  const answer = await withTimeout(solveCaptcha(bytes, attempt), timeoutMs);
  return answer.replace(/\s+/g, '');
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new PortalError('captcha-unanswered', `No captcha answer within ${Math.round(timeoutMs / 1000)} s.`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the platform's answer from its alert boxes and from any dialog (window.alert) it raised. */
async function judgeLoginPage(page: Page, profile: PortalProfile, dialogMessages: string[]): Promise<LoginPageVerdict> {
  const signals = await readPageSignals(page);
  const text = [...signals.alerts, ...dialogMessages].join('\n');
  const { messages } = profile;
  if (messages.wrongCaptcha.test(text)) return 'wrong-captcha';
  if (messages.locked.test(text)) throw new PortalError('account-locked', 'The platform account is locked.', firstLine(text, messages.locked));
  if (messages.wrongPassword.test(text) || messages.unknownAccount.test(text)) {
    throw new PortalError('bad-credentials', 'The platform refused the login.', firstLine(text, /.+/));
  }
  const passwordField = page.getByLabel(profile.login.password, { exact: true });
  if ((await passwordField.count()) === 0) return 'signed-in';
  throw new PortalError('unexpected', 'Still on the login page after 登入, with no message the driver knows.', firstLine(text, /.+/));
}

function firstLine(text: string, pattern: RegExp): string {
  return text.split('\n').map((line) => line.trim()).find((line) => pattern.test(line)) ?? text.trim().slice(0, 200);
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

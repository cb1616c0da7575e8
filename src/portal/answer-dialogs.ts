import type { Locator } from 'playwright';
import { acceptDialog, topDialog } from './dialogs.ts';
import { PortalError, SignedOut } from './outcomes.ts';
import type { PageWork } from './session.ts';
import { busyWith, pollFor } from './waiting.ts';

/** With nothing on screen for this long after the last dialog, the platform has finished answering. */
const QUIET_MS = 400;

export interface DialogAnswerOptions {
  /** A dialog that is the form being worked on, not a question or an answer (left open). */
  readonly isForm?: (dialog: Locator) => Promise<boolean>;
  /** Stop as soon as this returns a value for the texts heard so far (e.g. the result lines of 存檔). */
  readonly until?: (texts: readonly string[]) => Promise<boolean> | boolean;
}

/**
 * Answers the platform's dialogs after an action, as a person would: 確定 on
 * 「確定要…嗎？」, read and close each alert. An expiry or error notice ends the
 * step with its meaning. Returns every text the dialogs (and window.alert) showed.
 */
export async function answerDialogs(work: PageWork, options: DialogAnswerOptions = {}): Promise<string[]> {
  const { page, profile } = work;
  const heard: string[] = [];
  let quietSince = Date.now();
  const done = await pollFor(async () => {
    heard.push(...work.takeNativeMessages());
    if (options.until && (await options.until(heard))) return true;
    if ((await busyWith(page, profile)) !== null) {
      quietSince = Date.now();
      return undefined;
    }
    const dialog = await topDialog(page);
    if (dialog && !(await options.isForm?.(dialog))) {
      const text = (await dialog.innerText().catch(() => '')).trim();
      heard.push(text);
      await acceptDialog(dialog, profile);
      failIfNotice(text, work);
      quietSince = Date.now();
      return undefined;
    }
    return !options.until && Date.now() - quietSince > QUIET_MS ? true : undefined;
  }, work.actionTimeoutMs);
  if (!done) throw new PortalError('unexpected', 'The platform gave no answer the driver recognises.', heard.join(' / ').slice(0, 200) || undefined);
  return heard;
}

function failIfNotice(text: string, work: PageWork): void {
  const { messages } = work.profile;
  if (messages.sessionExpired.test(text)) throw new SignedOut();
  if (messages.serverError.test(text)) throw new PortalError('server-error', 'The platform answered with a server error.', text.split('\n')[0]);
  if (messages.maintenance.test(text)) throw new PortalError('maintenance', 'The platform is under maintenance.', text.split('\n')[0]);
}

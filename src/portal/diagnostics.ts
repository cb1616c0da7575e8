import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright';
import type { Diagnostics } from './outcomes.ts';
import { blankPasswordFields } from './page-reading.ts';

/**
 * What an operator needs to update profile.ts from the files alone: a screenshot,
 * the HTML, and the outline of what a person (and the driver) can see — each
 * control's role and accessible name — with the page's address and what failed.
 * Password fields are blanked first; the files are readable by the owner only.
 */
export async function saveDiagnostics(page: Page, dir: string, label: string, reason = ''): Promise<Diagnostics> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const base = join(dir, `${stamp}-${label.replace(/[^a-z0-9-]/gi, '_')}`);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700); // also a folder made earlier with wider permissions
    await blankPasswordFields(page);
    await writeFile(`${base}.png`, await page.screenshot({ fullPage: true, timeout: 10_000 }), { mode: 0o600 });
    await writeFile(`${base}.html`, await page.content(), { mode: 0o600 });
    await writeFile(`${base}.outline.txt`, await outline(page, label, reason), { mode: 0o600 });
    return { screenshotPath: `${base}.png`, htmlPath: `${base}.html`, outlinePath: `${base}.outline.txt` };
  } catch {
    return { screenshotPath: undefined, htmlPath: undefined, outlinePath: undefined };
  }
}

async function outline(page: Page, label: string, reason: string): Promise<string> {
  const snapshot = await page.locator('body').ariaSnapshot({ timeout: 5000 }).catch((error: unknown) => `(no outline: ${String(error).split('\n')[0]})`);
  const header = [
    `step:   ${label}`,
    `reason: ${reason}`,
    `url:    ${page.url()}`,
    `title:  ${await page.title().catch(() => '')}`,
    '',
    'What is visible, as roles and accessible names (the names profile.ts matches):',
    '',
  ];
  return `${header.join('\n')}${snapshot}\n`;
}

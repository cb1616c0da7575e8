import type { Page } from 'playwright';
import { PortalError } from './outcomes.ts';
import type { PortalProfile } from './profile.ts';

const matches = (text: string, pattern: string | RegExp) =>
  typeof pattern === 'string' ? text.trim() === pattern : pattern.test(text.trim());

/**
 * Reads the first table whose column headers include every header asked for.
 * Tables are found by their ARIA role and read by header text, so the column
 * order and the markup around them do not matter. One round trip per page.
 */
export async function readTable<K extends string>(page: Page, spec: Readonly<Record<K, string | RegExp>>): Promise<Record<K, string>[] | null> {
  const tables = await page.getByRole('table').evaluateAll((nodes) =>
    // No named helpers in here: this runs in the page, where the bundler's helpers do not exist.
    nodes.map((table) => ({
      headers: Array.from(table.querySelectorAll('th, [role="columnheader"]')).map((el) => ((el as HTMLElement).innerText ?? '').trim()),
      rows: Array.from(table.querySelectorAll('tr, [role="row"]'))
        .map((row) =>
          Array.from(row.querySelectorAll('td, [role="cell"], [role="gridcell"]')).map((el) => ((el as HTMLElement).innerText ?? '').trim()),
        )
        .filter((cells) => cells.length > 0),
    })),
  );
  for (const table of tables) {
    const columns = columnIndexes(table.headers, spec);
    if (!columns) continue;
    return table.rows.map((cells) => {
      const record = {} as Record<K, string>;
      for (const key of Object.keys(columns) as K[]) record[key] = cells[columns[key]] ?? '';
      return record;
    });
  }
  return null;
}

function columnIndexes<K extends string>(headers: string[], spec: Readonly<Record<K, string | RegExp>>): Record<K, number> | null {
  const indexes = {} as Record<K, number>;
  for (const key of Object.keys(spec) as K[]) {
    const index = headers.findIndex((header) => matches(header, spec[key]));
    if (index < 0) return null;
    indexes[key] = index;
  }
  return indexes;
}

/** Text of every alert on the page (where the platform shows its messages), then the whole body. */
export async function pageMessages(page: Page): Promise<{ alerts: string; body: string }> {
  const alerts = (await page.getByRole('alert').allInnerTexts().catch(() => [])).join('\n');
  const body = await page.locator('body').innerText({ timeout: 5000 }).catch(() => '');
  return { alerts, body };
}

/** Empties every password field, value and attribute alike, before anything of the page is kept. */
export async function blankPasswordFields(page: Page): Promise<void> {
  await page
    .evaluate(() => {
      for (const input of Array.from(document.querySelectorAll('input[type="password"]'))) {
        (input as HTMLInputElement).value = '';
        input.removeAttribute('value');
      }
    })
    .catch(() => undefined);
}

/** What a person notices first on a page: its title, headings and alert boxes. Read in one round trip. */
export interface PageSignals {
  readonly title: string;
  readonly headings: readonly string[];
  readonly alerts: readonly string[];
}

export async function readPageSignals(page: Page): Promise<PageSignals> {
  return page
    .evaluate(() => ({
      title: document.title,
      headings: Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')).map((el) => ((el as HTMLElement).innerText ?? '').trim()),
      alerts: Array.from(document.querySelectorAll('[role="alert"], [role="alertdialog"]')).map((el) => ((el as HTMLElement).innerText ?? '').trim()),
    }))
    .catch(() => ({ title: '', headings: [], alerts: [] }));
}

/**
 * Maintenance and server errors are told by the status code and by the page's
 * title, headings and alerts, not by any text on it: the home page's news often
 * announces maintenance windows in words too.
 */
export function checkForOutage(signals: PageSignals, profile: PortalProfile, status: number): void {
  const { maintenance, serverError } = profile.messages;
  const prominent = [signals.title, ...signals.headings, ...signals.alerts];
  const maintenanceLine = prominent.find((text) => maintenance.test(text));
  if (status === 503 || maintenanceLine) {
    throw new PortalError('maintenance', 'The platform is under maintenance.', maintenanceLine ?? `HTTP ${status}`);
  }
  const errorLine = prominent.find((text) => serverError.test(text));
  if (status >= 500 || errorLine) {
    throw new PortalError('server-error', 'The platform answered with a server error.', errorLine ?? `HTTP ${status}`);
  }
}

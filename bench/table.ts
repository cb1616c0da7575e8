/** One measured figure with the target it is held to, if any. */
export interface BenchRow {
  readonly section: string;
  readonly metric: string;
  readonly value: string;
  readonly target?: string;
}

export function printTable(rows: readonly BenchRow[], out: NodeJS.WritableStream = process.stdout): void {
  const header: BenchRow = { section: 'section', metric: 'metric', value: 'value', target: 'target' };
  const all = [header, ...rows];
  const width = (key: keyof BenchRow) => Math.max(...all.map((row) => displayWidth(row[key] ?? '')));
  const widths = { section: width('section'), metric: width('metric'), value: width('value'), target: width('target') };
  const line = (row: BenchRow) =>
    `| ${pad(row.section, widths.section)} | ${pad(row.metric, widths.metric)} | ${pad(row.value, widths.value)} | ${pad(row.target ?? '', widths.target)} |`;
  out.write(`${line(header)}\n`);
  out.write(`|${['section', 'metric', 'value', 'target'].map((k) => '-'.repeat(widths[k as keyof typeof widths] + 2)).join('|')}|\n`);
  for (const row of rows) out.write(`${line(row)}\n`);
}

// CJK characters take two columns in a terminal.
function displayWidth(text: string): number {
  return Array.from(text).reduce((sum, ch) => sum + (/[\u2E80-\uFFEF]/.test(ch) ? 2 : 1), 0);
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

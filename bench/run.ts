import { cpus, totalmem } from 'node:os';
import { conversationBench } from './conversation.ts';
import { portalBench } from './portal.ts';
import { remindersBench } from './reminders.ts';
import { webhookBench } from './webhook.ts';
import { printTable, type BenchRow } from './table.ts';

/** `npm run bench`: every benchmark, one table. Not part of `npm test`. */
const sections: Record<string, () => Promise<BenchRow[]>> = {
  platform: portalBench,
  webhook: webhookBench,
  conversation: conversationBench,
  reminders: remindersBench,
};

const only = process.argv.slice(2);
const rows: BenchRow[] = [];
for (const [name, run] of Object.entries(sections)) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stderr.write(`running ${name} bench…\n`);
  rows.push(...(await run()));
}
process.stdout.write(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}\n\n`,
);
printTable(rows);

import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { choreBench } from './chore.ts';
import { conversationBench } from './conversation.ts';
import { photosBench } from './photos.ts';
import { portalBench } from './portal.ts';
import { remindersBench } from './reminders.ts';
import { scaleBench } from './scale.ts';
import { shutdownBench } from './shutdown.ts';
import { webhookBench } from './webhook.ts';
import { workersBench } from './workers.ts';
import { printTable, type BenchRow } from './table.ts';

/** `npm run bench`: every benchmark, one table. Not part of `npm test`. */
const sections: Record<string, () => Promise<BenchRow[]>> = {
  platform: portalBench,
  webhook: webhookBench,
  conversation: conversationBench,
  reminders: remindersBench,
  chore: choreBench,
  scale: scaleBench,
  workers: workersBench,
  photos: photosBench,
  shutdown: shutdownBench,
};

/** Internal: `--rows <section>` runs one section and prints its rows as JSON for the parent. */
const ROWS_FLAG = '--rows';

const args = process.argv.slice(2);
if (args[0] === ROWS_FLAG) {
  const run = sections[args[1] ?? ''];
  if (!run) throw new Error(`unknown bench section ${args[1]}`);
  process.stdout.write(JSON.stringify(await run()));
} else {
  const unknown = args.filter((name) => !(name in sections));
  if (unknown.length > 0) {
    process.stderr.write(`unknown bench section(s): ${unknown.join(', ')}; choose from ${Object.keys(sections).join(', ')}\n`);
    process.exit(2);
  }
  const rows: BenchRow[] = [];
  for (const name of Object.keys(sections).filter((name) => args.length === 0 || args.includes(name))) {
    process.stderr.write(`running ${name} bench…\n`);
    rows.push(...runInOwnProcess(name));
  }
  process.stdout.write(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}\n\n`,
  );
  printTable(rows);
}

/** Each section in a fresh process, so one section's heap, browser or timers never weigh on the next one's figures. */
function runInOwnProcess(name: string): BenchRow[] {
  const output = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ROWS_FLAG, name], {
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output.toString('utf8')) as BenchRow[];
}

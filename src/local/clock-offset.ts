// The playground clock's offset, kept in the data folder: after a restart the bot's time does not fall back
// behind jobs and periods the database already recorded at the jumped time.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'playground-clock.json';

export function loadClockOffset(dataDir: string): number {
  try {
    const saved: unknown = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8'));
    const offset = (saved as { offsetMs?: unknown }).offsetMs;
    return typeof offset === 'number' && Number.isFinite(offset) && offset >= 0 ? offset : 0;
  } catch {
    return 0;
  }
}

/** An offset of 0 removes the file: the clock is back to real time and nothing needs remembering. */
export function saveClockOffset(dataDir: string, offsetMs: number): void {
  if (offsetMs === 0) return clearClockOffset(dataDir);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, FILE), `${JSON.stringify({ offsetMs })}\n`);
}

export function clearClockOffset(dataDir: string): void {
  rmSync(join(dataDir, FILE), { force: true });
}

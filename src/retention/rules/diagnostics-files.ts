import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { RetentionRule, SweepContext } from '../rule.ts';

// Screenshots and HTML of platform pages the driver did not expect (src/portal/diagnostics.ts),
// under DATA_DIR/diagnostics of the host that ran the browser. Deleted by their age on disk.
// Each worker process sweeps its own host's folder (see sweep.ts).

export function diagnosticsDir(dataDir: string): string {
  return join(dataDir, 'diagnostics');
}

/** The files in the folder, with when each was last written; none when the folder does not exist. */
export async function diagnosticsFiles(dataDir: string): Promise<{ path: string; writtenAt: Date }[]> {
  const dir = diagnosticsDir(dataDir);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(dir, entry.name);
    const info = await stat(path).catch(() => undefined);
    if (info) files.push({ path, writtenAt: info.mtime });
  }
  return files;
}

async function oldFiles(ctx: SweepContext): Promise<string[]> {
  const before = ctx.now.getTime() - ctx.settings.diagnosticsAfterMs;
  return (await diagnosticsFiles(ctx.dataDir)).filter((file) => file.writtenAt.getTime() < before).map((file) => file.path);
}

export const diagnosticsDelete: RetentionRule = {
  key: 'diagnosticsFilesDeleted',
  table: 'diagnostics files',
  change: 'older than RETENTION_DIAGNOSTICS_AFTER: file deleted',
  pending: async (ctx) => (await oldFiles(ctx)).length,
  apply: async (ctx) => {
    let deleted = 0;
    for (const path of await oldFiles(ctx)) {
      try {
        await unlink(path);
        deleted += 1;
      } catch (error) {
        // Gone already: another process of this host swept the folder at the same moment.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return deleted;
  },
};

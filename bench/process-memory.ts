import { readdirSync, readFileSync } from 'node:fs';

/**
 * Memory of this process and all its descendants (the Chromium processes a
 * browser job starts), read from /proc. Linux only. Counted as PSS, so pages
 * Chromium's processes share are counted once, not once per process.
 */
export function treeRssBytes(rootPid: number = process.pid): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = readStatus(Number(entry));
    if (!status) continue;
    rss.set(status.pid, status.rssBytes);
    children.set(status.ppid, [...(children.get(status.ppid) ?? []), status.pid]);
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

function readStatus(pid: number): { pid: number; ppid: number; rssBytes: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(text)?.[1] ?? -1);
    return { pid, ppid, rssBytes: proportionalKb(pid) * 1024 };
  } catch {
    return undefined;
  }
}

function proportionalKb(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Samples the tree's memory while work runs and returns the peak. */
export async function peakTreeRss<T>(work: () => Promise<T>, intervalMs = 25): Promise<{ result: T; peakBytes: number }> {
  let peak = treeRssBytes();
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssBytes());
  }, intervalMs);
  try {
    const result = await work();
    peak = Math.max(peak, treeRssBytes());
    return { result, peakBytes: peak };
  } finally {
    clearInterval(timer);
  }
}

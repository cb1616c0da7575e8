// CPU time of child processes and of the whole machine, from /proc (Linux): where the CPUs went while
// a load ran. Elsewhere every figure is undefined and the rows say so.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** USER_HZ: the unit of /proc times; 100 on every Linux Node runs on. */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds a process has used so far; undefined when it cannot be read. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU seconds all CPUs of the machine spent busy (not idle or waiting for I/O) so far. */
export function machineBusySeconds(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, ...values] = line.trim().split(/\s+/);
    const ticks = values.map(Number);
    const total = ticks.slice(0, 8).reduce((sum, value) => sum + value, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return (total - idle) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export interface CpuWatch {
  /** Share of one CPU each watched process used, and the machine's busy share of all its CPUs, since the watch began. */
  stop(): { readonly processes: Record<string, number | undefined>; readonly machine: number | undefined; readonly seconds: number };
}

export function watchCpu(pids: Readonly<Record<string, number | undefined>>): CpuWatch {
  const startedAt = performance.now();
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processCpuSeconds(pid)]));
  const machineBefore = machineBusySeconds();
  return {
    stop() {
      const seconds = (performance.now() - startedAt) / 1000;
      const processes = Object.fromEntries(
        Object.entries(pids).map(([name, pid]) => {
          const start = before[name];
          const end = processCpuSeconds(pid);
          return [name, start === undefined || end === undefined ? undefined : (end - start) / seconds];
        }),
      );
      const machineAfter = machineBusySeconds();
      const machine = machineBefore === undefined || machineAfter === undefined ? undefined : (machineAfter - machineBefore) / seconds / cpus().length;
      return { processes, machine, seconds };
    },
  };
}

/** "web 85% · worker 40% · machine 97% of 2 CPUs" (a process's share is of one CPU). */
export function describeCpu(usage: ReturnType<CpuWatch['stop']>): string {
  const percent = (share: number | undefined) => (share === undefined ? '?' : `${Math.round(share * 100)}%`);
  const processes = Object.entries(usage.processes).map(([name, share]) => `${name} ${percent(share)}`);
  return [...processes, `machine ${percent(usage.machine)} of ${cpus().length} CPUs`].join(' · ');
}

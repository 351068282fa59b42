import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** utime + stime and the parent pid of a process from /proc/<pid>/stat; undefined once it is gone. */
export function parseProcStat(text: string): { ppid: number; cpuSeconds: number } {
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    ppid: Number(fields[1]),
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
  };
}

function stat(pid: number): { ppid: number; cpuSeconds: number } | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds used so far by these processes and their direct children (PostgreSQL's backends are
 * the postmaster's children). Work done on this shared machine by anyone else is not in it, which
 * makes CPU per step the figure that survives a busy machine.
 */
export function cpuSecondsOf(pids: number[]): number {
  const roots = new Set(pids);
  let total = 0;
  for (const pid of roots) total += stat(pid)?.cpuSeconds ?? 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = stat(Number(entry));
    if (info && roots.has(info.ppid) && !roots.has(Number(entry))) total += info.cpuSeconds;
  }
  return total;
}

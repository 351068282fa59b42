import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  ppid: number;
  /** utime + stime. */
  cpuSeconds: number;
  /** cutime + cstime: children that exited and were waited for. */
  exitedChildrenCpuSeconds: number;
}

/** Parent pid and CPU times of a process from /proc/<pid>/stat. */
export function parseProcStat(text: string): ProcStat {
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    ppid: Number(fields[1]),
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
    exitedChildrenCpuSeconds: (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND,
  };
}

/** undefined once the process is gone. */
function stat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds used so far by these processes and their direct children, living or exited
 * (PostgreSQL's backends are the postmaster's children; a backend that exits hands its time to the
 * postmaster's cutime/cstime, so the sum never goes down). Work done on this shared machine by anyone
 * else is not in it, which makes CPU per step the figure that survives a busy machine.
 */
export function cpuSecondsOf(pids: number[]): number {
  const roots = new Set(pids);
  let total = 0;
  for (const pid of roots) {
    const info = stat(pid);
    total += (info?.cpuSeconds ?? 0) + (info?.exitedChildrenCpuSeconds ?? 0);
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = stat(Number(entry));
    if (info && roots.has(info.ppid) && !roots.has(Number(entry))) total += info.cpuSeconds;
  }
  return total;
}

export interface ChildrenCpu {
  /** The root process itself. */
  own: number;
  /** Children that exited (for PostgreSQL: backends that disconnected, autovacuum workers). */
  exited: number;
  /** Living children by their title (`/proc/<pid>/cmdline`, which PostgreSQL rewrites per role). */
  living: Array<{ pid: number; title: string; cpuSeconds: number }>;
}

/** CPU seconds of one process and of each of its direct children: where a server's time goes. */
export function cpuSecondsByChild(rootPid: number): ChildrenCpu {
  const root = stat(rootPid);
  const living: ChildrenCpu['living'] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = stat(Number(entry));
    if (!info || info.ppid !== rootPid) continue;
    let title = '';
    try {
      title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      continue;
    }
    living.push({ pid: Number(entry), title, cpuSeconds: info.cpuSeconds });
  }
  return { own: root?.cpuSeconds ?? 0, exited: root?.exitedChildrenCpuSeconds ?? 0, living };
}

/**
 * Read and write system calls made so far by these processes (`syscr` + `syscw` of /proc/<pid>/io,
 * every thread included): a process's socket reads and writes, one call per batch it sends or
 * receives. Unlike CPU time, the count does not grow when the machine is busy, so per step it
 * compares two trees measured on a loaded machine (issue 21, seventh round).
 */
export function ioSyscallsOf(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const io = readFileSync(`/proc/${pid}/io`, 'utf8');
      total += Number(/^syscr:\s*(\d+)/m.exec(io)?.[1] ?? 0) + Number(/^syscw:\s*(\d+)/m.exec(io)?.[1] ?? 0);
    } catch {
      // gone, or not ours to read: counted as nothing
    }
  }
  return total;
}

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import Redis, { type RedisOptions } from 'ioredis';

/**
 * Who ran each Redis command of a measurement window (issue 21, tenth round): MONITOR on the bench's
 * Redis, each command grouped by the process that sent it (worker, API, bench), the script it ran in
 * (an EVALSHA named by BullMQ's script or the engine's own; a Lua call charged to the script around
 * it) and its first key with ids masked. INFO commandstats says how many; this says whose.
 * MONITOR costs Redis CPU, so a window it watches is for attribution, not for CPU per step.
 */

/** One MONITOR line: `<time> [<db> <addr>|lua] "<command>" "<arg>" ...`. */
export interface MonitorLine {
  /** The client's `host:port`, or `lua` for a command a script called. */
  source: string;
  command: string;
  args: string[];
}

export function parseMonitorLine(line: string): MonitorLine | undefined {
  const head = /^\d+\.\d+ \[\d+ ([^\]]+)\] (.*)$/.exec(line);
  if (!head) return undefined;
  const words: string[] = [];
  for (const match of head[2].matchAll(/"((?:[^"\\]|\\.)*)"/g)) words.push(match[1]);
  if (!words.length) return undefined;
  return { source: head[1], command: words[0].toLowerCase(), args: words.slice(1) };
}

/** A key with its ids masked: uuids, job ids, numbers (`bull:contacts:de:wake.<id>`). */
export function keyShape(key: string): string {
  return key
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\+?\d{4,}/g, '<n>')
    .replace(/(<id>|<n>)([.:](<id>|<n>))+/g, '<ids>');
}

/** Script names by SHA1 of their text: BullMQ's (as its Scripts class loads them) and any given. */
export function scriptNames(extra: Record<string, string> = {}): Map<string, string> {
  const names = new Map<string, string>();
  const sha = (text: string) => createHash('sha1').update(text).digest('hex');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bullmq = require('bullmq/dist/cjs/scripts') as Record<string, { name: string; content: string }>;
  for (const script of Object.values(bullmq)) names.set(sha(script.content), `bullmq ${script.name}`);
  for (const [name, text] of Object.entries(extra)) names.set(sha(text), name);
  return names;
}

/** Which process (by the given names of pids) holds each local TCP port connected to `port`. */
export function clientsOf(port: number, processes: Record<number, string>): Map<string, string> {
  const owners = new Map<string, string>();
  let text = '';
  try {
    text = execFileSync('ss', ['-tnpH', 'state', 'established', `dport = :${port}`], { encoding: 'utf8' });
  } catch {
    return owners;
  }
  for (const line of text.split('\n')) {
    const local = /\s(\S+:\d+)\s+\S+:\d+\s/.exec(line)?.[1];
    const pid = Number(/pid=(\d+)/.exec(line)?.[1]);
    if (local) owners.set(local, processes[pid] ?? `pid ${pid}`);
  }
  return owners;
}

export interface Attribution {
  /** `process | script | command key-shape` → calls. */
  rows: Map<string, number>;
  total: number;
}

/** Groups MONITOR lines; a `lua` line is charged to the EVAL/EVALSHA before it (MONITOR's order). */
export function attribute(
  lines: readonly string[],
  scripts: Map<string, string>,
  owners: Map<string, string>,
): Attribution {
  const rows = new Map<string, number>();
  let current = { owner: '?', script: '-' };
  let total = 0;
  for (const text of lines) {
    const line = parseMonitorLine(text);
    if (!line || line.command === 'monitor' || line.command === 'info') continue;
    total += 1;
    if (line.source !== 'lua') {
      const owner = owners.get(line.source) ?? line.source;
      const script =
        line.command === 'evalsha'
          ? (scripts.get(line.args[0]) ?? `sha ${line.args[0].slice(0, 8)}`)
          : line.command === 'eval'
            ? (scripts.get(createHash('sha1').update(line.args[0]).digest('hex')) ?? 'eval')
            : '-';
      current = { owner, script };
    }
    const firstKey =
      line.command === 'evalsha' || line.command === 'eval' ? (line.args[2] ?? '') : (line.args[0] ?? '');
    const owner = line.source === 'lua' ? current.owner : (owners.get(line.source) ?? line.source);
    const script =
      line.source === 'lua' ? current.script : line.command.startsWith('eval') ? current.script : '-';
    const key = `${owner} | ${script} | ${line.command} ${keyShape(firstKey)}`;
    rows.set(key, (rows.get(key) ?? 0) + 1);
  }
  return { rows, total };
}

/**
 * The attribution as lines: per process and script first (`calls/step  process | script`), then
 * every row (`calls/step  process | script | command key`), the most frequent first.
 */
export function renderAttribution(attribution: Attribution, steps: number, top = 200): string[] {
  const perStep = (calls: number) => (calls / Math.max(1, steps)).toFixed(2);
  const byScript = new Map<string, number>();
  for (const [row, calls] of attribution.rows) {
    const script = row.split(' | ').slice(0, 2).join(' | ');
    byScript.set(script, (byScript.get(script) ?? 0) + calls);
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return [
    `Redis MONITOR: ${perStep(attribution.total)} commands/step (${attribution.total} over ${steps} steps)`,
    ...sorted(byScript).map(([script, calls]) => `  ${perStep(calls).padStart(6)}  ${script}`),
    '  by command:',
    ...sorted(attribution.rows)
      .slice(0, top)
      .map(([row, calls]) => `  ${perStep(calls).padStart(6)}  ${row}`),
  ];
}

/**
 * A MONITOR connection collecting lines until stopped. It connects as the application does (a
 * `redis://` or `rediss://` URL, or ioredis options: password, TLS), not to a loopback port only.
 * `stop` may be called more than once (a `finally` after the normal stop).
 */
export class RedisMonitor {
  private readonly lines: string[] = [];
  private client?: Redis;

  constructor(private readonly connection: string | RedisOptions) {}

  async start(): Promise<void> {
    this.client =
      typeof this.connection === 'string' ? new Redis(this.connection) : new Redis(this.connection);
    const monitor = await this.client.monitor();
    monitor.on('monitor', (time: string, args: string[], source: string, database: string) => {
      const quoted = args.map((arg) => `"${arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(' ');
      this.lines.push(`${time} [${database} ${source}] ${quoted}`);
    });
    this.stopMonitor = () => monitor.disconnect();
  }

  private stopMonitor: () => void = () => undefined;

  /** Stops watching; the lines seen so far. */
  stop(): string[] {
    this.stopMonitor();
    this.client?.disconnect();
    this.client = undefined;
    return this.lines.splice(0);
  }
}

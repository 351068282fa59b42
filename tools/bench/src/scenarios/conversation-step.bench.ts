import { listArg, numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import { echoFlow } from '../bench-flows';
import { withBenchStack, type BenchStack } from '../infra/bench-stack';
import { PgStatsProbe, renderPgStats } from '../infra/pg-stats';
import { attribute, clientsOf, RedisMonitor, renderAttribution, scriptNames } from '../infra/redis-monitor';
import { summariseLatencies } from '../latency-summary';
import { ReplyTracker, sleep } from '../reply-tracker';

const START = 'benchmark please';
const ANSWER = 'an answer';

function contactsOf(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `3519600${String(i).padStart(5, '0')}`);
}

/** Starts every contact's run (one step each), a closed loop of `concurrency` at a time. */
export async function startEveryContact(
  tracker: ReplyTracker,
  contacts: number,
  concurrency: number,
  text: string,
  timeoutMs = 600_000,
): Promise<void> {
  const first = tracker.sent;
  tracker.chain(
    () => text,
    () => tracker.sent - first >= contacts,
  );
  for (let i = 0; i < Math.min(concurrency, contacts); i += 1) tracker.sendNext(() => text);
  const deadline = Date.now() + timeoutMs;
  while (tracker.sent - first < contacts && Date.now() < deadline) await sleep(50);
  tracker.unchain();
  // The measurements must not inherit a backlog.
  await tracker.drain(timeoutMs);
}

/** CPU milliseconds each part of the stack spent per unit of work (a reply, a timer) between two readings. */
export function cpuPerStep(
  before: Record<string, number>,
  after: Record<string, number>,
  steps: number,
  unit = 'step',
): Record<string, number> {
  const perStep: Record<string, number> = {};
  let total = 0;
  for (const part of Object.keys(after)) {
    const ms = ((after[part] - before[part]) * 1000) / Math.max(1, steps);
    total += ms;
    perStep[`CPU ms/${unit} ${part}`] = Math.round(ms * 10) / 10;
  }
  perStep[`CPU ms/${unit} all`] = Math.round(total * 10) / 10;
  // The bench (load generator and fake Meta) is counted in "all" but is not Leadline: this is
  // Leadline's own figure (worker + API + PostgreSQL + Redis), which a leaner bench must not move.
  if ('bench' in after) {
    const bench = ((after.bench - before.bench) * 1000) / Math.max(1, steps);
    perStep[`CPU ms/${unit} without load generator`] = Math.round((total - bench) * 10) / 10;
  }
  return perStep;
}

/** Read and write system calls of each process per step between two readings (BenchStack.ioSyscalls). */
export function syscallsPerStep(
  before: Record<string, number>,
  after: Record<string, number>,
  steps: number,
): Record<string, number> {
  const perStep: Record<string, number> = {};
  for (const part of Object.keys(after))
    perStep[`syscalls/step ${part}`] =
      Math.round(((after[part] - before[part]) / Math.max(1, steps)) * 10) / 10;
  return perStep;
}

/** CPU milliseconds per second each part of the stack spent between two readings `seconds` apart. */
export function cpuPerSecond(
  before: Record<string, number>,
  after: Record<string, number>,
  seconds: number,
): Record<string, number> {
  const perSecond: Record<string, number> = {};
  let total = 0;
  for (const part of Object.keys(after)) {
    const ms = ((after[part] - before[part]) * 1000) / Math.max(1e-3, seconds);
    total += ms;
    perSecond[`CPU ms/s ${part}`] = Math.round(ms * 10) / 10;
  }
  perSecond['CPU ms/s all'] = Math.round(total * 10) / 10;
  return perSecond;
}

/**
 * Redis commands per step by command between two INFO commandstats readings (the commands a Lua
 * script calls are counted too, beside its EVALSHA), the most frequent first, and their total.
 */
export function redisCallsPerStep(
  before: Record<string, number>,
  after: Record<string, number>,
  steps: number,
): { total: number; byCommand: Record<string, number> } {
  const perStep = Object.keys(after)
    .map((command) => [command, (after[command] - (before[command] ?? 0)) / Math.max(1, steps)] as const)
    .filter(([command, calls]) => calls > 0 && command !== 'info')
    .sort((a, b) => b[1] - a[1]);
  const round = (calls: number) => Math.round(calls * 100) / 100;
  return {
    total: round(perStep.reduce((sum, [, calls]) => sum + calls, 0)),
    byCommand: Object.fromEntries(perStep.map(([command, calls]) => [command, round(calls)])),
  };
}

/** The headline figure and one detail line of redisCallsPerStep. */
function redisReport(calls: { total: number; byCommand: Record<string, number> }): {
  metric: Record<string, number>;
  line: string;
} {
  const top = Object.entries(calls.byCommand)
    .slice(0, 16)
    .map(([command, perStep]) => `${command} ${perStep}`)
    .join(', ');
  return { metric: { 'redis commands/step': calls.total }, line: `Redis commands per step: ${top}` };
}

/**
 * With BENCH_REDIS_MONITOR=1, a MONITOR over the window (issue 21, tenth round): every command
 * charged to its process, script and key (redis-monitor.ts). It costs Redis CPU: attribution only.
 */
async function startMonitor(stack: BenchStack): Promise<RedisMonitor | undefined> {
  if (process.env.BENCH_REDIS_MONITOR !== '1') return undefined;
  const monitor = new RedisMonitor(stack.redis.url);
  await monitor.start().catch((error: unknown) => {
    monitor.stop();
    throw error;
  });
  return monitor;
}

function stopMonitor(stack: BenchStack, monitor: RedisMonitor | undefined, steps: number): string[] {
  if (!monitor) return [];
  const processes: Record<number, string> = { [process.pid]: 'bench' };
  stack.workers.forEach((worker, i) => worker.pid && (processes[worker.pid] = `worker-${i + 1}`));
  if (stack.api?.pid) processes[stack.api.pid] = 'api';
  const owners = clientsOf(stack.redis.port, processes);
  return renderAttribution(attribute(monitor.stop(), scriptNames(), owners), steps);
}

/** Open loop at `rate` messages/s for `seconds`, each to a contact with no message waiting. */
async function offeredLoad(
  stack: BenchStack,
  tracker: ReplyTracker,
  rate: number,
  seconds: number,
  redisLines: string[],
): Promise<Record<string, number>> {
  tracker.resetWindow();
  const monitor = await startMonitor(stack);
  // A failure inside the window must not leave the MONITOR connection open.
  try {
    const cpuBefore = stack.cpuSeconds();
    const syscallsBefore = stack.ioSyscalls();
    const redisBefore = await stack.redis.commandCalls();
    let offered = 0;
    let skipped = 0;
    const started = performance.now();
    const end = started + seconds * 1000;
    while (performance.now() < end) {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      while (offered < due) {
        offered += 1;
        if (!tracker.sendNext(() => ANSWER)) skipped += 1;
      }
      await sleep(5);
    }
    const repliesInWindow = tracker.replies;
    await tracker.drain(120_000);
    const cpuAfter = stack.cpuSeconds();
    const syscallsAfter = stack.ioSyscalls();
    const redis = redisReport(
      redisCallsPerStep(redisBefore, await stack.redis.commandCalls(), tracker.replies),
    );
    const latency = summariseLatencies(tracker.latencies);
    redisLines.push(redis.line, ...stopMonitor(stack, monitor, tracker.replies));
    return {
      'offered msgs/s': rate,
      sent: offered - skipped,
      'not sent (all contacts waiting)': skipped,
      'steps/s': Math.round((repliesInWindow / seconds) * 10) / 10,
      'p50 ms': latency.p50,
      'p99 ms': latency.p99,
      'unanswered 120 s after': tracker.outstanding,
      ...cpuPerStep(cpuBefore, cpuAfter, tracker.replies),
      // The same CPU per second of the window: at a low rate, mostly what the stack pays at rest (`idle`).
      ...cpuPerSecond(cpuBefore, cpuAfter, (performance.now() - started) / 1000),
      // Read/write system calls per step at this rate too: the API's per-batch round trips show here,
      // where a batch holds one or two webhooks (issue 21, tenth round).
      ...syscallsPerStep(syscallsBefore, syscallsAfter, tracker.replies),
      ...redis.metric,
    };
  } finally {
    monitor?.stop();
  }
}

/** Closed loop: `contacts` contacts each answering as soon as the reply arrives, for `seconds`. */
async function saturation(
  stack: BenchStack,
  tracker: ReplyTracker,
  contacts: number,
  seconds: number,
  redisLines: string[],
): Promise<Record<string, number>> {
  tracker.resetWindow();
  const monitor = await startMonitor(stack);
  // A failure inside the window must not leave the MONITOR connection open.
  try {
    const cpuBefore = stack.cpuSeconds();
    const syscallsBefore = stack.ioSyscalls();
    const redisBefore = await stack.redis.commandCalls();
    let stop = false;
    tracker.chain(
      () => ANSWER,
      () => stop,
    );
    for (let i = 0; i < contacts; i += 1) tracker.sendNext(() => ANSWER);
    await sleep(seconds * 1000);
    stop = true;
    const replies = tracker.replies;
    tracker.unchain();
    await tracker.drain(120_000);
    const latency = summariseLatencies(tracker.latencies);
    const redis = redisReport(
      redisCallsPerStep(redisBefore, await stack.redis.commandCalls(), tracker.replies),
    );
    redisLines.push(redis.line, ...stopMonitor(stack, monitor, tracker.replies));
    return {
      'contacts in closed loop': contacts,
      'steps/s': Math.round((replies / seconds) * 10) / 10,
      'p50 ms': latency.p50,
      'p99 ms': latency.p99,
      ...cpuPerStep(cpuBefore, stack.cpuSeconds(), tracker.replies),
      ...syscallsPerStep(syscallsBefore, stack.ioSyscalls(), tracker.replies),
      ...redis.metric,
    };
  } finally {
    monitor?.stop();
  }
}

export interface ConversationStepOptions {
  workers: number;
  contacts: number;
  loads: number[];
  seconds: number;
  saturationContacts: number;
  /** Let the apps be profiled on demand (BenchStackOptions.cpuProfiles). */
  cpuProfiles?: boolean;
  /**
   * The fake Meta reuses connections for its webhooks (DeliveryOptions.keepAlive). Off by default:
   * one connection per webhook is what the API's figures have always included.
   */
  webhookKeepAlive?: boolean;
  /** Report PostgreSQL's statements, table writes, WAL and CPU by process for the saturation window. */
  pgStats?: boolean;
  /** With pgStats: also the CPU of each statement phase (parse, analysis, rewrite, planning, execution). */
  pgPhases?: boolean;
  /** Runs right before the offered loads (the profile scenario starts its profile here with `--loads`). */
  beforeLoads?: (stack: BenchStack) => Promise<void>;
  /** Runs right before the saturation measurement (the profile scenario starts its profile here). */
  beforeSaturation?: (stack: BenchStack) => Promise<void>;
  /** Runs with the stack still up, after the measurements. */
  after?: (stack: BenchStack) => Promise<void>;
}

export async function runConversationStep(options: ConversationStepOptions): Promise<BenchResult[]> {
  return withBenchStack(
    {
      flows: [echoFlow()],
      workers: options.workers,
      cpuProfiles: options.cpuProfiles,
      webhooks: { keepAlive: options.webhookKeepAlive ?? false },
      pgStats: options.pgStats,
      pgPhases: options.pgPhases,
    },
    async (stack) => {
      const probe =
        options.pgStats || options.pgPhases ? new PgStatsProbe(stack.pg, options.pgPhases) : undefined;
      await probe?.open();
      try {
        const contacts = contactsOf(Math.max(options.contacts, options.saturationContacts));
        const tracker = new ReplyTracker(stack.fakeMeta, contacts);
        await startEveryContact(tracker, contacts.length, 100, START);
        const results: BenchResult[] = [];
        await options.beforeLoads?.(stack);
        for (const rate of options.loads) {
          const details: string[] = [];
          results.push({
            name: `conversation-step: ${rate}/s offered, ${options.workers} worker(s)`,
            metrics: await offeredLoad(stack, tracker, rate, options.seconds, details),
            details,
          });
        }
        if (options.saturationContacts > 0) {
          await options.beforeSaturation?.(stack);
          await probe?.reset();
          const redisLines: string[] = [];
          const metrics = await saturation(
            stack,
            tracker,
            options.saturationContacts,
            options.seconds,
            redisLines,
          );
          const pgStats = await probe?.read(tracker.replies);
          results.push({
            name: `conversation-step: saturation, ${options.workers} worker(s)`,
            metrics,
            notes: tracker.unexpected ? `${tracker.unexpected} replies nobody waited for` : undefined,
            details: [...redisLines, ...(pgStats ? renderPgStats(pgStats) : [])],
            ...(pgStats ? { data: { pgStats } } : {}),
          });
        }
        await options.after?.(stack);
        return results;
      } finally {
        await probe?.close();
      }
    },
  );
}

/**
 * Inbound message (a signed webhook from the fake Meta, through the real API) → the bot's reply
 * accepted by the fake Meta, through the real worker: steps/s and latency at fixed offered loads,
 * then at saturation. The echo flow answers every message with one question: one step, one send.
 */
export async function benchConversationStep(args: BenchArgs): Promise<BenchResult[]> {
  return runConversationStep({
    workers: numberArg(args, 'workers', 1),
    contacts: numberArg(args, 'contacts', 200),
    loads: listArg(args, 'loads', [5, 10, 20]),
    seconds: numberArg(args, 'seconds', 30),
    saturationContacts: numberArg(args, 'saturation-contacts', 100),
    pgStats: args['pg-stats'] === 'true',
    pgPhases: args['pg-phases'] === 'true',
    webhookKeepAlive: args['webhook-keep-alive'] === 'true',
  });
}

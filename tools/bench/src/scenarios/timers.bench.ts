import { numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import { timerFlow } from '../bench-flows';
import { withBenchStack, type BenchStack } from '../infra/bench-stack';
import { summariseLatencies } from '../latency-summary';
import { ReplyTracker, sleep } from '../reply-tracker';
import { startEveryContact } from './conversation-step.bench';

const TABLES_SQL = `
  SELECT c.relname AS name, pg_total_relation_size(c.oid)::bigint AS bytes
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind = 'r'`;

async function tableSizes(stack: BenchStack): Promise<Map<string, number>> {
  const rows = await stack.prisma.$queryRawUnsafe<Array<{ name: string; bytes: bigint }>>(TABLES_SQL);
  return new Map(rows.map((row) => [row.name, Number(row.bytes)]));
}

/**
 * N runs each waiting on a timer (the flow acknowledges, waits `--wait-seconds`, then sends a
 * reminder): how late timers fire (fired_at − due_at, from run_timers), and what a waiting run costs
 * in Redis (INFO used_memory) and PostgreSQL (table sizes, indexes and TOAST included).
 */
export async function benchTimers(args: BenchArgs): Promise<BenchResult[]> {
  const runs = numberArg(args, 'runs', 2_000);
  const waitSeconds = numberArg(args, 'wait-seconds', 60);
  return withBenchStack(
    { flows: [timerFlow(waitSeconds)], workers: numberArg(args, 'workers', 1) },
    async (stack) => {
      const contacts = Array.from({ length: runs }, (_, i) => `3519500${String(i).padStart(5, '0')}`);
      const tracker = new ReplyTracker(stack.fakeMeta, contacts);
      const reminders = { count: 0 };
      stack.fakeMeta.onSent((message) => {
        if (JSON.stringify(message.body).includes('Reminder:')) reminders.count += 1;
      });
      await sleep(2_000);
      const redisBefore = await stack.redis.usedMemory();
      const tablesBefore = await tableSizes(stack);

      const creating = Date.now();
      await startEveryContact(tracker, runs, 100, 'remindme please');
      const createSeconds = (Date.now() - creating) / 1000;
      const waiting = await stack.scalar(
        `SELECT count(*) AS n FROM run_timers WHERE fired_at IS NULL AND cancelled_at IS NULL`,
      );
      const redisAfter = await stack.redis.usedMemory();
      const tablesAfter = await tableSizes(stack);
      const growth = [...tablesAfter]
        .map(([name, bytes]) => ({ name, bytes: bytes - (tablesBefore.get(name) ?? 0) }))
        .filter((table) => table.bytes > 0)
        .sort((a, b) => b.bytes - a.bytes);
      const pgBytes = growth.reduce((sum, table) => sum + table.bytes, 0);

      const deadline = Date.now() + (waitSeconds + 600) * 1000;
      while (Date.now() < deadline) {
        const pending = await stack.scalar(`SELECT count(*) AS n FROM run_timers WHERE fired_at IS NULL`);
        if (pending === 0 && reminders.count >= runs) break;
        await sleep(1_000);
      }
      const delays = await stack.prisma.$queryRawUnsafe<Array<{ ms: number }>>(
        `SELECT (extract(epoch FROM fired_at - due_at) * 1000)::float8 AS ms FROM run_timers WHERE fired_at IS NOT NULL`,
      );
      const firing = summariseLatencies(delays.map((row) => row.ms));
      const unfired = await stack.scalar(`SELECT count(*) AS n FROM run_timers WHERE fired_at IS NULL`);
      return [
        {
          name: `timers: ${runs} runs waiting ${waitSeconds} s`,
          metrics: {
            runs,
            'runs created/s': Math.round(runs / createSeconds),
            'waiting when measured': waiting,
            'timers fired': firing.count,
            'timers not fired': unfired,
            'reminders delivered': reminders.count,
            'firing delay p50 ms': firing.p50,
            'firing delay p99 ms': firing.p99,
            'firing delay max ms': firing.max,
            'Redis bytes per waiting run': waiting ? Math.round((redisAfter - redisBefore) / waiting) : 0,
            'PostgreSQL bytes per run': Math.round(pgBytes / runs),
          },
          notes:
            'a run is created by a signed webhook through the API and its acknowledgement is awaited; ' +
            'PostgreSQL bytes are every table the runs grew (contact, run, events, messages, timer), indexes included',
          details: [
            `PostgreSQL growth by table: ${growth
              .slice(0, 8)
              .map((table) => `${table.name} ${Math.round(table.bytes / runs)} B/run`)
              .join(', ')}`,
            `logs: ${stack.runDir}`,
          ],
        },
      ];
    },
  );
}

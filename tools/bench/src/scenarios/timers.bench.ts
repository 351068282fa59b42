import { numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import { timerFlow } from '../bench-flows';
import { withBenchStack, type BenchStack } from '../infra/bench-stack';
import { summariseLatencies } from '../latency-summary';
import { PgStatsProbe, renderPgStats } from '../infra/pg-stats';
import { profileReport } from '../profile-report';
import { ReplyTracker, sleep } from '../reply-tracker';
import { benchQueue, readTemplate, seedChunk } from '../seed-waiting-runs';
import { cpuPerStep, startEveryContact } from './conversation-step.bench';

const TABLES_SQL = `
  SELECT c.relname AS name, pg_total_relation_size(c.oid)::bigint AS bytes
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind = 'r'`;

async function tableSizes(stack: BenchStack): Promise<Map<string, number>> {
  const rows = await stack.prisma.$queryRawUnsafe<Array<{ name: string; bytes: bigint }>>(TABLES_SQL);
  return new Map(rows.map((row) => [row.name, Number(row.bytes)]));
}

/** One line naming the tables that grew most, per run. */
function growthLine(growth: Array<{ name: string; bytes: number }>, runs: number): string {
  const tables = growth.slice(0, 8).map((table) => `${table.name} ${Math.round(table.bytes / runs)} B/run`);
  return `PostgreSQL growth by table: ${tables.join(', ')}`;
}

function growthOf(before: Map<string, number>, after: Map<string, number>) {
  return [...after]
    .map(([name, bytes]) => ({ name, bytes: bytes - (before.get(name) ?? 0) }))
    .filter((table) => table.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/**
 * `timers`: N runs waiting on timers that fall due within a minute. By default (`--via seed`) the runs
 * are copies of one real run (see seedWaitingRuns); `--via webhooks` creates each through the API.
 */
export async function benchTimers(args: BenchArgs): Promise<BenchResult[]> {
  const via = args.via ?? 'seed';
  if (via === 'seed') return benchSeededTimers(args);
  if (via === 'webhooks') return benchTimersViaWebhooks(args);
  throw new Error(`--via must be seed or webhooks, got "${via}"`);
}

/**
 * N runs each waiting on a timer (the flow acknowledges, waits `--wait-seconds`, then sends a
 * reminder): how late timers fire (fired_at − due_at, from run_timers), and what a waiting run costs
 * in Redis (INFO used_memory) and PostgreSQL (table sizes, indexes and TOAST included).
 */
async function benchTimersViaWebhooks(args: BenchArgs): Promise<BenchResult[]> {
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
      const growth = growthOf(tablesBefore, tablesAfter);
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
          details: [growthLine(growth, runs), `logs: ${stack.runDir}`],
        },
      ];
    },
  );
}

const TEMPLATE_PHONE = '+351969999999';

/**
 * 100,000 runs (`--runs`) waiting on timers due within one minute (`--spread-seconds`): one real run
 * is made through the whole stack (signed webhook → API → worker → step → acknowledgement sent and
 * delivered), then copied in SQL, every copy with ids, phone number and due time of its own, as many
 * committed transitions would have left them; the engine's outbox relay arms each copy's timer in
 * Redis. It measures what a waiting run costs in PostgreSQL and Redis, then how late the timers fire
 * (fired_at − due_at, set when the worker applies the timer to the run) and the CPU per fired timer.
 * By default the timer leads straight to the end (`--then end`); `--then remind` sends a reminder.
 */
async function benchSeededTimers(args: BenchArgs): Promise<BenchResult[]> {
  const runs = numberArg(args, 'runs', 100_000);
  const spreadMs = numberArg(args, 'spread-seconds', 60) * 1000;
  const chunk = Math.max(1, numberArg(args, 'chunk', 5_000));
  // Copies are armed before their first timer falls due; the lead leaves time for seeding.
  const leadMs = numberArg(args, 'lead-seconds', Math.max(60, Math.ceil(runs / 120))) * 1000;
  const maxMs = numberArg(args, 'max-minutes', 150) * 60_000;
  const remind = args.then === 'remind';
  if (args.then !== undefined && !['end', 'remind'].includes(args.then)) {
    throw new Error(`--then must be end or remind, got "${args.then}"`);
  }
  const workers = numberArg(args, 'workers', 1);
  // --profile: a CPU profile of the (first) worker for --profile-seconds (60), from
  // --profile-after-seconds (30) after the first timer fell due; a burst (--spread-seconds 0) wants
  // the profile to start at once (--profile-after-seconds 0).
  const profiling = args.profile === 'true';
  const profileAfterMs = numberArg(args, 'profile-after-seconds', 30) * 1000;
  const profileMs = numberArg(args, 'profile-seconds', 60) * 1000;
  const pgStats = args['pg-stats'] === 'true';
  // The template's own timer (an hour) never fires during the run.
  return withBenchStack(
    { flows: [timerFlow(3_600, { remind })], workers, cpuProfiles: profiling, pgStats },
    async (stack) => {
      // --pg-stats: PostgreSQL's statements, WAL and CPU while the timers fire (per fired timer).
      const probe = pgStats ? new PgStatsProbe(stack.pg) : undefined;
      await probe?.open();
      const say = (line: string) => process.stderr.write(`timers: ${line}\n`);
      const tracker = new ReplyTracker(stack.fakeMeta, [TEMPLATE_PHONE.slice(1)]);
      const reminders = { count: 0 };
      stack.fakeMeta.onSent((message) => {
        if (JSON.stringify(message.body).includes('Reminder:')) reminders.count += 1;
      });
      await startEveryContact(tracker, 1, 1, 'remindme please');
      // The template must have settled: its inbox applied and its acknowledgement delivered.
      const settleBy = Date.now() + 60_000;
      for (;;) {
        const unsettled = await stack.scalar(`
        SELECT (SELECT count(*) FROM contact_events WHERE processed_at IS NULL)
             + (SELECT count(*) FROM messages WHERE direction = 'out' AND status <> 'delivered') AS n`);
        if (unsettled === 0) break;
        if (Date.now() > settleBy) throw new Error('the template run did not settle within 60 s');
        await sleep(250);
      }
      const seed = await readTemplate(stack.prisma, stack.tenantId, TEMPLATE_PHONE);
      const templateRun = seed.runIds[0];

      const queue = benchQueue(stack.redis.url);
      try {
        await sleep(2_000);
        const redisBefore = await stack.redis.usedMemory();
        const tablesBefore = await tableSizes(stack);
        const seedingFrom = Date.now();
        const dueFrom = new Date(seedingFrom + leadMs);
        // Two transactions at a time: copying is PostgreSQL's CPU work, and the machine has two cores.
        let armed = 0;
        let seeded = 0;
        let next = 1;
        const seedNext = async (): Promise<void> => {
          while (next <= runs) {
            const from = next;
            const to = Math.min(runs, from + chunk - 1);
            next = to + 1;
            armed += await seedChunk(stack.prisma, queue, stack.tenantId, seed, {
              from,
              to,
              dueFrom,
              spreadMs,
            });
            seeded += to - from + 1;
            say(
              `seeded ${seeded}/${runs} runs (${armed} outbox rows published) in ${Math.round((Date.now() - seedingFrom) / 1000)} s`,
            );
          }
        };
        await Promise.all([seedNext(), seedNext()]);
        const armedAt = Date.now();
        const seedSeconds = (armedAt - seedingFrom) / 1000;
        const waiting = await stack.scalar(`
        SELECT count(*) AS n FROM run_timers
        WHERE fired_at IS NULL AND cancelled_at IS NULL AND run_id <> '${templateRun}'`);
        const redisAfter = await stack.redis.usedMemory();
        const tablesAfter = await tableSizes(stack);
        const growth = growthOf(tablesBefore, tablesAfter);
        const pgBytes = growth.reduce((sum, table) => sum + table.bytes, 0);
        if (armedAt > dueFrom.getTime()) {
          say(
            `seeding took longer than the lead (${leadMs / 1000} s): early timers were armed late; raise --lead-seconds`,
          );
        }

        // Timers applied while seeding (a lead shorter than the seeding) are left out of the per-timer
        // CPU and PostgreSQL figures, which are measured from here.
        const firedBefore = await stack.scalar(
          `SELECT count(*) AS n FROM run_timers WHERE fired_at IS NOT NULL AND run_id <> '${templateRun}'`,
        );
        await probe?.reset();
        const cpuBefore = stack.cpuSeconds();
        const deadline = dueFrom.getTime() + spreadMs + maxMs;
        let lastReport = 0;
        let fired = 0;
        // From when the first timer fell due, or from now when seeding outran the lead (the profile
        // would otherwise be over before it started).
        const profileFrom = Math.max(dueFrom.getTime(), Date.now());
        const profile = {
          startAt: profileFrom + profileAfterMs,
          stopAt: profileFrom + profileAfterMs + profileMs,
          file: '',
        };
        let profileStarted = false;
        while (Date.now() < deadline) {
          if (profiling && !profileStarted && Date.now() >= profile.startAt) {
            profileStarted = true;
            await stack.workers[0].startProfile();
          }
          if (profiling && profileStarted && !profile.file && Date.now() >= profile.stopAt) {
            profile.file = await stack.workers[0].stopProfile(stack.profileDir);
          }
          fired = await stack.scalar(`SELECT count(*) AS n FROM run_timers WHERE fired_at IS NOT NULL`);
          if (fired >= runs && (!remind || reminders.count >= runs)) break;
          if (Date.now() - lastReport > 30_000) {
            lastReport = Date.now();
            say(
              `${fired}/${runs} timers fired, ${Math.round((Date.now() - dueFrom.getTime()) / 1000)} s after the first was due`,
            );
          }
          await sleep(1_000);
        }
        const cpuAfter = stack.cpuSeconds();
        const measured = Math.max(1, fired - firedBefore);
        const pgReport = await probe?.read(measured);
        if (profileStarted && !profile.file)
          profile.file = await stack.workers[0].stopProfile(stack.profileDir);
        const redisFired = await stack.redis.usedMemory();
        const delays = await stack.prisma.$queryRawUnsafe<Array<{ ms: number }>>(
          `SELECT (extract(epoch FROM fired_at - due_at) * 1000)::float8 AS ms FROM run_timers
         WHERE fired_at IS NOT NULL AND run_id <> '${templateRun}'`,
        );
        const firing = summariseLatencies(delays.map((row) => row.ms));
        // When each timer's event reached its contact's inbox (the fire statement's clock), apart from
        // when it was applied: how fast timers are fired, whatever the contacts' apply rate.
        const appends = await stack.prisma.$queryRawUnsafe<Array<{ ms: number; at: Date }>>(
          `SELECT (extract(epoch FROM e.occurred_at - t.due_at) * 1000)::float8 AS ms, e.occurred_at AS at
           FROM run_timers t JOIN contact_events e
             ON e.tenant_id = t.tenant_id AND e.dedupe_key = 'timer.' || t.run_id || '.' || t.timer_id
           WHERE t.run_id <> '${templateRun}'`,
        );
        const appended = summariseLatencies(appends.map((row) => row.ms));
        const appendTimes = appends.map((row) => row.at.getTime());
        const appendSeconds = appends.length
          ? Math.max(0.001, (Math.max(...appendTimes) - Math.min(...appendTimes)) / 1000)
          : 0;
        const [span] = await stack.prisma.$queryRawUnsafe<Array<{ first: Date | null; last: Date | null }>>(
          `SELECT min(fired_at) AS first, max(fired_at) AS last FROM run_timers WHERE run_id <> '${templateRun}'`,
        );
        const firingSeconds =
          span.first && span.last ? Math.max(0.001, (span.last.getTime() - span.first.getTime()) / 1000) : 0;
        const completed = await stack.scalar(
          `SELECT count(*) AS n FROM flow_runs WHERE status = 'completed' AND id <> '${templateRun}'`,
        );
        // The applied rate, apart from the firing rate (events appended/s): the runs' steps after their
        // timer, committed by the contact jobs (a burst shows the capacity, a spread the offered rate).
        const [ended] = await stack.prisma.$queryRawUnsafe<Array<{ first: Date | null; last: Date | null }>>(
          `SELECT min(ended_at) AS first, max(ended_at) AS last FROM flow_runs
           WHERE status = 'completed' AND id <> '${templateRun}'`,
        );
        const completingSeconds =
          ended.first && ended.last
            ? Math.max(0.001, (ended.last.getTime() - ended.first.getTime()) / 1000)
            : 0;
        // The inbox's dedupe key admits one timer event per timer, however often it was fired.
        const timerEvents = await stack.scalar(
          `SELECT count(*) AS n FROM contact_events WHERE kind = 'timer'`,
        );
        return [
          {
            name: `timers: ${runs} seeded runs due within ${spreadMs / 1000} s, ${workers} worker(s)`,
            metrics: {
              runs,
              'seeded + armed in s': Math.round(seedSeconds),
              'waiting when measured': waiting,
              'timers fired': firing.count,
              'timers not fired': runs - firing.count,
              'timer events in inboxes': timerEvents,
              'runs completed': completed,
              'runs completed/s': completingSeconds ? Math.round(completed / completingSeconds) : 0,
              ...(remind ? { 'reminders delivered': reminders.count } : {}),
              'fired/s': firingSeconds ? Math.round(firing.count / firingSeconds) : 0,
              'firing delay p50 ms': firing.p50,
              'firing delay p99 ms': firing.p99,
              'firing delay max ms': firing.max,
              'events appended/s': appendSeconds ? Math.round(appended.count / appendSeconds) : 0,
              'append delay p50 ms': appended.p50,
              'append delay p99 ms': appended.p99,
              'Redis bytes per waiting run': waiting ? Math.round((redisAfter - redisBefore) / waiting) : 0,
              'Redis bytes per run after firing': Math.round((redisFired - redisBefore) / runs),
              'PostgreSQL bytes per waiting run': Math.round(pgBytes / runs),
              'timers applied while seeding': firedBefore,
              ...cpuPerStep(cpuBefore, cpuAfter, measured, 'timer'),
            },
            notes:
              'one run made through the whole stack, copied in SQL (ids, phone, due time per copy), timers fired from ' +
              "run_timers by the worker's timer poller; firing delay is fired_at − due_at, fired_at being set when the worker applies the timer",
            details: [
              growthLine(growth, runs),
              `logs: ${stack.runDir}`,
              ...(pgReport ? renderPgStats(pgReport) : []),
            ],
            ...(pgReport ? { data: { pgStats: pgReport } } : {}),
          },
          ...(profile.file ? [profileReport('profile: worker while timers fire', profile.file)] : []),
        ];
      } finally {
        await queue.close();
        await probe?.close();
      }
    },
  );
}

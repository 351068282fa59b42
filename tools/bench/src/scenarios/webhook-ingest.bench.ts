import { join } from 'node:path';
import { META } from '../../../e2e/support/test-channels';
import { freePort } from '../../../e2e/support/free-port';
import { numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import { closedLoopPosts, type PostLoadResult } from '../closed-loop-load';
import { AppProcess } from '../infra/app-process';
import { profileReport } from '../profile-report';
import { withBenchStack, type BenchStack } from '../infra/bench-stack';
import { PgStatsProbe, renderPgStats } from '../infra/pg-stats';
import { commandsBetween } from '../infra/private-redis';
import { signedInboundWebhook, signedStatusWebhook } from '../signed-webhook';
import { isStatusAt, nthStatus, READ_AFTER_DELIVERED } from '../status-mix';
import { cpuSecondsOf } from '../infra/process-cpu';

/** CPU ms per acknowledged webhook, from two /proc readings: the figure that does not depend on load. */
function cpuPerWebhook(
  before: Record<string, number>,
  after: Record<string, number>,
  acknowledged: number,
): Record<string, number> {
  const per = (key: string) =>
    acknowledged ? Math.round((((after[key] ?? 0) - (before[key] ?? 0)) * 1e5) / acknowledged) / 100 : 0;
  return Object.fromEntries(Object.keys(after).map((key) => [`CPU ms/webhook ${key}`, per(key)]));
}

/** Read/write system calls per acknowledged webhook of the API and Redis (BenchStack.ioSyscalls). */
function syscallsPerWebhook(
  before: Record<string, number>,
  after: Record<string, number>,
  acknowledged: number,
): Record<string, number> {
  const per = (key: string) =>
    acknowledged ? Math.round((((after[key] ?? 0) - (before[key] ?? 0)) * 100) / acknowledged) / 100 : 0;
  return { 'syscalls/webhook api': per('api'), 'syscalls/webhook redis': per('redis') };
}

/** Redis commands per acknowledged webhook, by command (INFO commandstats): deterministic, unlike CPU. */
function redisCallsPerWebhook(
  before: Record<string, number>,
  after: Record<string, number>,
  acknowledged: number,
): Record<string, number> {
  return Object.fromEntries(
    commandsBetween(before, after).map(([command, calls]) => [
      `redis calls/webhook ${command}`,
      Math.round((calls * 1000) / acknowledged) / 1000,
    ]),
  );
}

/**
 * After the --statuses run: every status the run sent found its message (a status whose message the
 * API did not find is acknowledged all the same, so the run's rate would be that of no-ops). The
 * messages with `read_at` set are exactly those a `read` was sent for, and those with `delivered_at`
 * exactly those a `delivered` or a `read` was sent for (a `read` sets both).
 */
async function expectStatusesApplied(
  stack: BenchStack,
  expected: { delivered: Set<string>; read: Set<string> },
): Promise<void> {
  const [row] = await stack.prisma.$queryRawUnsafe<Array<{ delivered: number; read: number }>>(
    `SELECT count(*) FILTER (WHERE delivered_at IS NOT NULL)::int AS delivered,
            count(*) FILTER (WHERE read_at IS NOT NULL)::int AS read
       FROM messages WHERE direction = 'out' AND provider_message_id LIKE 'wamid.bench.out.%'`,
  );
  const delivered = new Set([...expected.delivered, ...expected.read]).size;
  if (row.delivered !== delivered || row.read !== expected.read.size) {
    throw new Error(
      `--statuses: the statuses did not all find their message (delivered_at set on ${row.delivered} ` +
        `of ${delivered}, read_at on ${row.read} of ${expected.read.size})`,
    );
  }
}

function metrics(result: PostLoadResult): Record<string, number> {
  return {
    webhooks: result.sent,
    acknowledged: result.acknowledged,
    refused: result.refused,
    'acks/s': result.perSecond,
    'p50 ack ms': result.latencyMs.p50,
    'p99 ack ms': result.latencyMs.p99,
  };
}

/**
 * Signed inbound webhooks per second the real API acknowledges (verify, normalise, store the event,
 * enqueue), against a bare endpoint that only verifies the signature and enqueues: the ceiling.
 * No worker runs, so the API has the machine to itself (with PostgreSQL and Redis).
 */
export async function benchWebhookIngest(args: BenchArgs): Promise<BenchResult[]> {
  const total = numberArg(args, 'webhooks', 5_000);
  const concurrency = numberArg(args, 'concurrency', 32);
  // --profile: a CPU profile of the API during the measured load (not its start-up or warm-up).
  const profiling = args.profile === 'true';
  // --pg-stats: pg_stat_statements, WAL and table writes per acknowledged webhook during the API's load.
  const pgStats = args['pg-stats'] === 'true';
  // --statuses <share>: a second API run after the bare endpoint's (the target line stays the first,
  // messages only, against the bare run right after it) in which that share of the webhooks are
  // statuses (each message's `delivered`, its `read` READ_AFTER_DELIVERED statuses later) of outbound
  // messages seeded for the first run's contacts, the rest new contacts' messages: real traffic is
  // mostly statuses. Reported as a line of its own.
  const statusShare = numberArg(args, 'statuses', 0);
  if (statusShare < 0 || statusShare > 1) throw new Error('--statuses is a share between 0 and 1');
  return withBenchStack({ flows: [], workers: 0, cpuProfiles: profiling, pgStats }, async (stack) => {
    const probe = pgStats ? new PgStatsProbe(stack.pg) : undefined;
    await probe?.open();
    try {
      return await measure(stack, probe);
    } finally {
      await probe?.close();
    }
  });

  /** The --statuses run: outbound messages seeded, then statuses of them mixed with new contacts' messages. */
  async function mixedRun(
    stack: BenchStack,
    probe: PgStatsProbe | undefined,
    apiUrl: string,
  ): Promise<BenchResult> {
    // One outbound message in each conversation the first run created (as a flow's reply would be),
    // with a provider id its statuses name; written as the superuser, outside the API.
    const sent = await stack.prisma.$queryRawUnsafe<Array<{ pmid: string; phone: string }>>(
      `INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body,
                             provider_message_id, status, sent_at)
       SELECT c.tenant_id, c.id, c.contact_id, c.channel_id, 'out', 'text', '{"text":"hi"}'::jsonb,
              'wamid.bench.out.' || c.id, 'sent', now()
       FROM conversations c
       RETURNING provider_message_id AS pmid,
                 (SELECT k.phone FROM contacts k WHERE k.id = messages.contact_id) AS phone`,
    );
    if (!sent.length) throw new Error('--statuses: the first run created no conversation to send in');
    let statuses = 0;
    let messages = 0;
    // The messages each status was sent for, checked against the rows after the run.
    const expected = { delivered: new Set<string>(), read: new Set<string>() };
    const make = (i: number) => {
      if (isStatusAt(i, statusShare)) {
        const { message, status } = nthStatus(statuses++, sent.length);
        const target = sent[message];
        expected[status].add(target.pmid);
        const { body, signature } = signedStatusWebhook(target.pmid, status, target.phone.slice(1));
        return { body, headers: { 'x-hub-signature-256': signature } };
      }
      const { body, signature } = signedInboundWebhook(
        `3519600${String(messages++).padStart(5, '0')}`,
        'ping',
      );
      return { body, headers: { 'x-hub-signature-256': signature } };
    };
    await probe?.reset();
    const cpu = () => {
      const { api, postgres, redis } = stack.cpuSeconds();
      return { api, postgres, redis };
    };
    const cpuBefore = cpu();
    const run = await closedLoopPosts({ url: apiUrl, total, concurrency, make });
    const cpuPer = cpuPerWebhook(cpuBefore, cpu(), run.acknowledged);
    const report = await probe?.read(run.acknowledged);
    await expectStatusesApplied(stack, expected);
    return {
      name: `webhook-ingest: API, statuses mixed in (share ${statusShare})`,
      metrics: { concurrency, statuses, messages, ...metrics(run), ...cpuPer },
      notes: `statuses of seeded outbound messages (each read ${READ_AFTER_DELIVERED} statuses after its delivered), the rest new contacts' messages`,
      ...(report ? { details: renderPgStats(report), data: { pgStats: report } } : {}),
    };
  }

  async function measure(stack: BenchStack, probe: PgStatsProbe | undefined): Promise<BenchResult[]> {
    const warm = (url: string) =>
      closedLoopPosts({
        url,
        total: 200,
        concurrency,
        make: (i) => request(`3519800${String(i).padStart(5, '0')}`),
      });
    const request = (from: string) => {
      const { body, signature } = signedInboundWebhook(from, 'ping');
      return { body, headers: { 'x-hub-signature-256': signature } };
    };
    // Distinct contacts, so the API creates contacts as a campaign's first replies would.
    const load = (url: string) =>
      closedLoopPosts({
        url,
        total,
        concurrency,
        make: (i) => request(`3519700${String(i).padStart(5, '0')}`),
      });

    const apiUrl = `${stack.apiUrl}/webhooks/meta`;
    await warm(apiUrl);
    if (profiling) await stack.api?.startProfile();
    const apiCpu = () => {
      const { api, postgres, redis } = stack.cpuSeconds();
      return { api, postgres, redis };
    };
    await probe?.reset();
    const apiCpuBefore = apiCpu();
    const syscallsBefore = stack.ioSyscalls();
    const redisBefore = await stack.redis.commandCalls();
    const api = await load(apiUrl);
    const apiCpuPer = cpuPerWebhook(apiCpuBefore, apiCpu(), api.acknowledged);
    // Read/write system calls per webhook (API, Redis): with `--concurrency 1` every webhook is a batch
    // of its own, so this counts a batch's round trips (issue 21, tenth round), whatever the machine.
    const syscallsPer = syscallsPerWebhook(syscallsBefore, stack.ioSyscalls(), api.acknowledged);
    const redisPer = redisCallsPerWebhook(redisBefore, await stack.redis.commandCalls(), api.acknowledged);
    const pgReport = await probe?.read(api.acknowledged);
    const profile: BenchResult[] = [];
    if (profiling && stack.api) {
      const file = await stack.api.stopProfile(stack.profileDir);
      profile.push(profileReport('profile: API during webhook ingest', file));
    }
    const ceiling = await bareRun(stack, warm, load);
    // After the bare endpoint's run, so the target line's ratio is, as without --statuses, the API's
    // run against the bare run right after it (the machine's load drifts between runs).
    const mixed = statusShare > 0 ? [await mixedRun(stack, probe, apiUrl)] : [];
    return [
      {
        name: 'webhook-ingest: API (POST /webhooks/meta)',
        metrics: { concurrency, ...metrics(api), ...apiCpuPer, ...syscallsPer, ...redisPer },
        notes:
          'verify signature, parse, store contact + event in PostgreSQL, enqueue in Redis; no worker running',
        ...(pgReport ? { details: renderPgStats(pgReport), data: { pgStats: pgReport } } : {}),
      },
      ceiling,
      ...mixed,
      ...profile,
    ];
  }

  /** The ceiling: the same load against an endpoint that only verifies the signature and enqueues. */
  async function bareRun(
    stack: BenchStack,
    warm: (url: string) => Promise<PostLoadResult>,
    load: (url: string) => Promise<PostLoadResult>,
  ): Promise<BenchResult> {
    const port = await freePort();
    const bare = new AppProcess(
      'bare-endpoint',
      'tools/bench/src/bare-webhook-endpoint.ts',
      { BARE_PORT: String(port), BARE_REDIS_URL: stack.redis.url, BARE_APP_SECRET: META.appSecret },
      `http://127.0.0.1:${port}/ready`,
      join(stack.runDir, 'bare-endpoint.log'),
    );
    await bare.start();
    try {
      await warm(`http://127.0.0.1:${port}/`);
      const bareCpu = () => ({
        endpoint: cpuSecondsOf(bare.pid === undefined ? [] : [bare.pid]),
        redis: stack.cpuSeconds().redis,
      });
      const bareCpuBefore = bareCpu();
      const ceiling = await load(`http://127.0.0.1:${port}/`);
      const bareCpuPer = cpuPerWebhook(bareCpuBefore, bareCpu(), ceiling.acknowledged);
      return {
        name: 'webhook-ingest: bare endpoint (ceiling)',
        metrics: { concurrency, ...metrics(ceiling), ...bareCpuPer },
        notes: 'node:http + verify signature + BullMQ add, nothing else',
      };
    } finally {
      await bare.kill('SIGTERM');
    }
  }
}

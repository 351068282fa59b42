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
import { signedInboundWebhook } from '../signed-webhook';
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
  return withBenchStack({ flows: [], workers: 0, cpuProfiles: profiling, pgStats }, async (stack) => {
    const probe = pgStats ? new PgStatsProbe(stack.pg) : undefined;
    await probe?.open();
    try {
      return await measure(stack, probe);
    } finally {
      await probe?.close();
    }
  });

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
      return [
        {
          name: 'webhook-ingest: API (POST /webhooks/meta)',
          metrics: { concurrency, ...metrics(api), ...apiCpuPer, ...syscallsPer, ...redisPer },
          notes:
            'verify signature, parse, store contact + event in PostgreSQL, enqueue in Redis; no worker running',
          ...(pgReport ? { details: renderPgStats(pgReport), data: { pgStats: pgReport } } : {}),
        },
        {
          name: 'webhook-ingest: bare endpoint (ceiling)',
          metrics: { concurrency, ...metrics(ceiling), ...bareCpuPer },
          notes: 'node:http + verify signature + BullMQ add, nothing else',
        },
        ...profile,
      ];
    } finally {
      await bare.kill('SIGTERM');
    }
  }
}

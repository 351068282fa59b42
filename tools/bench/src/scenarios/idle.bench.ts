import { numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import { echoFlow } from '../bench-flows';
import { withBenchStack, type BenchStack } from '../infra/bench-stack';
import { PgStatsProbe, renderPgStats } from '../infra/pg-stats';
import { commandsBetween } from '../infra/private-redis';
import { profileReport } from '../profile-report';
import { ReplyTracker, sleep } from '../reply-tracker';
import { cpuPerSecond, startEveryContact } from './conversation-step.bench';

/** Redis calls per second by command between two INFO commandstats readings, the most frequent first. */
function redisCallsPerSecond(
  before: Record<string, number>,
  after: Record<string, number>,
  seconds: number,
): Record<string, number> {
  return Object.fromEntries(
    commandsBetween(before, after).map(([command, calls]) => [
      command,
      Math.round((calls / seconds) * 10) / 10,
    ]),
  );
}

/**
 * The stack at rest: started (and, with `--warm-contacts`, after that many conversations so every pool
 * and cache is as traffic leaves it), then `--seconds` with no traffic at all. What each process spends
 * per second then is what a small deployment pays all day whatever its traffic: pollers, sweepers,
 * BullMQ's idle loops, keep-alive timers. `--profile` profiles the API and the worker over the window;
 * `--pg-stats` reports what PostgreSQL ran in it, per second (the report's "per step" reads "per
 * second" here).
 */
export async function benchIdle(args: BenchArgs): Promise<BenchResult[]> {
  const seconds = numberArg(args, 'seconds', 60);
  const settleSeconds = numberArg(args, 'settle-seconds', 10);
  const warmContacts = numberArg(args, 'warm-contacts', 20);
  const profile = args.profile === 'true';
  const pgStats = args['pg-stats'] === 'true';
  return withBenchStack(
    { flows: [echoFlow()], workers: 1, cpuProfiles: profile, pgStats },
    async (stack: BenchStack) => {
      const probe = pgStats ? new PgStatsProbe(stack.pg) : undefined;
      await probe?.open();
      try {
        if (warmContacts > 0) {
          const contacts = Array.from(
            { length: warmContacts },
            (_, i) => `3519700${String(i).padStart(5, '0')}`,
          );
          await startEveryContact(new ReplyTracker(stack.fakeMeta, contacts), contacts.length, 10, 'hello');
        }
        // Start-up's and the warm-up's tails (JIT, a delayed status webhook, BullMQ's first cycles).
        await sleep(settleSeconds * 1000);
        if (profile) await Promise.all([stack.api?.startProfile(), stack.workers[0].startProfile()]);
        await probe?.reset();
        const redisBefore = await stack.redis.commandCalls();
        const before = stack.cpuSeconds();
        const started = performance.now();
        await sleep(seconds * 1000);
        const metrics = cpuPerSecond(before, stack.cpuSeconds(), (performance.now() - started) / 1000);
        const report = await probe?.read(seconds);
        const redisCalls = redisCallsPerSecond(redisBefore, await stack.redis.commandCalls(), seconds);
        const results: BenchResult[] = [
          {
            name: `idle: ${seconds} s at rest, 1 worker`,
            metrics: {
              'seconds at rest': seconds,
              ...metrics,
              'Redis commands/s':
                Math.round(Object.values(redisCalls).reduce((sum, n) => sum + n, 0) * 10) / 10,
            },
            details: [
              `Redis commands/s by command: ${Object.entries(redisCalls)
                .map(([command, n]) => `${command} ${n}`)
                .join(', ')}`,
              ...(report ? ['pg-stats: "per step" is per second at rest', ...renderPgStats(report)] : []),
            ],
            data: { redisCalls, ...(report ? { pgStats: report } : {}) },
          },
        ];
        if (profile) {
          const apiFile = await stack.api!.stopProfile(stack.profileDir);
          const workerFile = await stack.workers[0].stopProfile(stack.profileDir);
          results.push(profileReport('profile: api at rest', apiFile));
          results.push(profileReport('profile: worker at rest', workerFile));
        }
        return results;
      } finally {
        await probe?.close();
      }
    },
  );
}

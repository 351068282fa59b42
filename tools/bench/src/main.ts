// Benchmarks: `npm run -s bench -- <scenario> [--flag value ...] [--json]`. Results are printed as a
// table (or JSON) and the JSON is kept in tools/bench/results/<scenario>.json for docs/performance.md.
// Every scenario but `core` starts its own PostgreSQL cluster, Redis, fake Meta server, API and
// worker processes on loopback, and stops them at the end.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseFlags, type BenchArgs } from './bench-args';
import { renderTable, type BenchResult } from './bench-report';
import { benchCore } from './core.bench';
import { benchCampaign } from './scenarios/campaign.bench';
import { benchConversationStep } from './scenarios/conversation-step.bench';
import { benchEditorLargeFlow } from './scenarios/editor-large-flow.bench';
import { benchFaultPostgresRestart } from './scenarios/fault-postgres-restart.bench';
import { benchFaultProviderErrors } from './scenarios/fault-provider-errors.bench';
import { benchFaultRedisRestart } from './scenarios/fault-redis-restart.bench';
import { benchFaultWebhookDuplicates } from './scenarios/fault-webhook-duplicates.bench';
import { benchFaultWorkerKill } from './scenarios/fault-worker-kill.bench';
import { benchFlowAnalytics } from './scenarios/flow-analytics.bench';
import { benchIdle } from './scenarios/idle.bench';
import { benchLoadGenerator } from './scenarios/load-generator.bench';
import { benchProfileApi } from './scenarios/profile-api.bench';
import { benchProfileBench } from './scenarios/profile-bench.bench';
import { benchProfileWorker } from './scenarios/profile-worker.bench';
import { benchTimers } from './scenarios/timers.bench';
import { benchWebhookIngest } from './scenarios/webhook-ingest.bench';

const BENCHES: Record<string, (args: BenchArgs) => Promise<BenchResult[]>> = {
  core: async (args) => [await benchCore({ conversations: Number(args.conversations ?? 5000) })],
  'webhook-ingest': benchWebhookIngest,
  'conversation-step': benchConversationStep,
  timers: benchTimers,
  'fault-worker-kill': benchFaultWorkerKill,
  'fault-provider-errors': benchFaultProviderErrors,
  'fault-webhook-duplicates': benchFaultWebhookDuplicates,
  'fault-postgres-restart': benchFaultPostgresRestart,
  'fault-redis-restart': benchFaultRedisRestart,
  'profile-worker': benchProfileWorker,
  'profile-bench': benchProfileBench,
  'profile-api': benchProfileApi,
  'load-generator': benchLoadGenerator,
  'editor-large-flow': benchEditorLargeFlow,
  campaign: benchCampaign,
  'flow-analytics': benchFlowAnalytics,
  idle: benchIdle,
};

/** What `faults` runs: every fault scenario, one after the other. */
const FAULTS = Object.keys(BENCHES).filter((name) => name.startsWith('fault-'));

async function main(): Promise<void> {
  const { positionals, args } = parseFlags(process.argv.slice(2));
  const json = args.json === 'true';
  delete args.json;
  if (!positionals.length) {
    throw new Error(`name a scenario: ${Object.keys(BENCHES).join(', ')}, or faults (all fault-* scenarios)`);
  }
  const names = positionals.flatMap((name) => (name === 'faults' ? FAULTS : [name]));
  const results: BenchResult[] = [];
  for (const name of names) {
    const bench = BENCHES[name];
    if (!bench)
      throw new Error(`unknown scenario "${name}"; known: ${Object.keys(BENCHES).join(', ')}, faults`);
    const loadBefore = loadavg()[0];
    const scenarioResults = await bench(args);
    results.push(...scenarioResults);
    const record = {
      scenario: name,
      args,
      results: scenarioResults,
      // The reference machine is shared: a high load average means other work competed for the cores.
      machine: {
        node: process.version,
        cpus: 'reference: 2 cores',
        loadAverage1m: { before: loadBefore, after: loadavg()[0] },
      },
      at: new Date().toISOString(),
    };
    writeFileSync(join(__dirname, '..', 'results', `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
    if (!json) process.stdout.write(`${renderTable(scenarioResults)}\n\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else if (results.length > 1) process.stdout.write(`all:\n${renderTable(results)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});

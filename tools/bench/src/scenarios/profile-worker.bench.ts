import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import { hotFunctions, hotLocations, withoutFirst, type CpuProfile } from '../cpu-profile-summary';
import { runConversationStep } from './conversation-step.bench';

/**
 * Where the worker's time goes on the hottest path: the conversation-step saturation run with the
 * worker under `node --cpu-prof`, start-up left out, summarised by function and by package/lib.
 */
export async function benchProfileWorker(args: BenchArgs): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-bench-prof-'));
  const summary: BenchResult[] = [];
  const results = await runConversationStep({
    workers: 1,
    contacts: numberArg(args, 'contacts', 200),
    loads: [],
    seconds: numberArg(args, 'seconds', 30),
    saturationContacts: numberArg(args, 'saturation-contacts', 200),
    workerNodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir],
    after: async (stack, measuredFrom) => {
      const worker = stack.workers[0];
      const skipMs = measuredFrom - worker.spawnedAt;
      // A clean exit writes the profile.
      await worker.kill('SIGTERM');
      const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
      if (!file) throw new Error(`the worker wrote no CPU profile into ${dir}`);
      const profile = withoutFirst(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile, skipMs);
      const busyMs = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0) / 1000;
      const pct = (value: number) => `${value.toFixed(1).padStart(5)} %`;
      summary.push({
        name: 'profile: worker during conversation-step saturation',
        metrics: { 'profiled s (after start-up)': Math.round(busyMs / 100) / 10 },
        details: [
          `CPU profile: ${join(dir, file)} (open in Chrome DevTools > Performance)`,
          'self time by package / lib (share of busy samples):',
          ...hotLocations(profile, 12).map((entry) => `  ${pct(entry.selfPercent)}  ${entry.where}`),
          'hottest functions (self time):',
          ...hotFunctions(profile, 20).map(
            (entry) => `  ${pct(entry.selfPercent)}  ${entry.name}  (${entry.where})`,
          ),
        ],
      });
    },
  });
  return [...results, ...summary];
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import { profileReport } from '../profile-report';
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
      summary.push(profileReport('profile: worker during conversation-step saturation', dir, skipMs));
    },
  });
  return [...results, ...summary];
}

import { listArg, numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import { profileReport } from '../profile-report';
import { runConversationStep } from './conversation-step.bench';

/**
 * Where the worker's time goes on the hottest path: a CPU profile of the worker during the
 * conversation-step saturation run (start-up and warm-up left out), summarised by function and by
 * package/lib. With `--loads 100`, the profile covers those offered loads instead (and no
 * saturation run unless `--saturation-contacts` is given): at moderate rates each batch holds few
 * steps and pays its per-batch costs alone.
 */
export async function benchProfileWorker(args: BenchArgs): Promise<BenchResult[]> {
  const summary: BenchResult[] = [];
  const loads = listArg(args, 'loads', []);
  const what = loads.length ? `${loads.join(', ')}/s offered` : 'saturation';
  const results = await runConversationStep({
    workers: 1,
    contacts: numberArg(args, 'contacts', 200),
    loads,
    seconds: numberArg(args, 'seconds', 30),
    saturationContacts: numberArg(args, 'saturation-contacts', loads.length ? 0 : 200),
    cpuProfiles: true,
    ...(loads.length
      ? { beforeLoads: (stack) => stack.workers[0].startProfile() }
      : { beforeSaturation: (stack) => stack.workers[0].startProfile() }),
    after: async (stack) => {
      const file = await stack.workers[0].stopProfile(stack.profileDir);
      summary.push(profileReport(`profile: worker during conversation-step ${what}`, file));
    },
  });
  return [...results, ...summary];
}

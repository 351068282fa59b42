import { listArg, numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import type { AppProcess } from '../infra/app-process';
import type { BenchStack } from '../infra/bench-stack';
import { profileReport } from '../profile-report';
import { runConversationStep } from './conversation-step.bench';

/**
 * A CPU profile of one app (`which` picks it from the stack) during the conversation-step saturation
 * run (start-up and warm-up left out), summarised by function and by package/lib. With `--loads`,
 * the profile covers those offered loads instead (and no saturation run unless
 * `--saturation-contacts` is given). `defaults`: the scenario's seconds and saturation contacts.
 */
export async function profileDuringConversationStep(
  args: BenchArgs,
  label: string,
  which: (stack: BenchStack) => AppProcess,
  defaults: { seconds: number; saturationContacts: number },
): Promise<BenchResult[]> {
  const summary: BenchResult[] = [];
  const loads = listArg(args, 'loads', []);
  const what = loads.length ? `${loads.join(', ')}/s offered` : 'saturation';
  const results = await runConversationStep({
    workers: 1,
    contacts: numberArg(args, 'contacts', 200),
    loads,
    seconds: numberArg(args, 'seconds', defaults.seconds),
    saturationContacts: numberArg(
      args,
      'saturation-contacts',
      loads.length ? 0 : defaults.saturationContacts,
    ),
    cpuProfiles: true,
    ...(loads.length
      ? { beforeLoads: (stack) => which(stack).startProfile() }
      : { beforeSaturation: (stack) => which(stack).startProfile() }),
    after: async (stack) => {
      const file = await which(stack).stopProfile(stack.profileDir);
      summary.push(profileReport(`profile: ${label} during conversation-step ${what}`, file));
    },
  });
  return [...results, ...summary];
}

/**
 * Where the worker's time goes on the hottest path: a CPU profile of the worker during the
 * conversation-step saturation run, or with `--loads 100` during those offered loads: at moderate
 * rates each batch holds few steps and pays its per-batch costs alone.
 */
export function benchProfileWorker(args: BenchArgs): Promise<BenchResult[]> {
  return profileDuringConversationStep(args, 'worker', (stack) => stack.workers[0], {
    seconds: 30,
    saturationContacts: 200,
  });
}

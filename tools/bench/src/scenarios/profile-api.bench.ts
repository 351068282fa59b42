import { listArg, numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import { profileReport } from '../profile-report';
import { runConversationStep } from './conversation-step.bench';

/**
 * Where the API's time goes in the conversation flow (issue 21, tenth round): a CPU profile of the
 * API during the conversation-step saturation run (start-up and warm-up left out), summarised by
 * function and by package/lib. Each step brings the API three webhooks (the contact's message, then
 * `sent` and `delivered` for the answer), in batches far smaller than webhook-ingest's, so its
 * per-request and per-batch costs show here and not there. With `--loads 100`, the profile covers
 * those offered loads instead (no saturation run unless `--saturation-contacts` is given).
 */
export async function benchProfileApi(args: BenchArgs): Promise<BenchResult[]> {
  const summary: BenchResult[] = [];
  const loads = listArg(args, 'loads', []);
  const what = loads.length ? `${loads.join(', ')}/s offered` : 'saturation';
  const results = await runConversationStep({
    workers: 1,
    contacts: numberArg(args, 'contacts', 200),
    loads,
    seconds: numberArg(args, 'seconds', 20),
    saturationContacts: numberArg(args, 'saturation-contacts', loads.length ? 0 : 100),
    cpuProfiles: true,
    ...(loads.length
      ? { beforeLoads: (stack) => stack.api!.startProfile() }
      : { beforeSaturation: (stack) => stack.api!.startProfile() }),
    after: async (stack) => {
      const file = await stack.api!.stopProfile(stack.profileDir);
      summary.push(profileReport(`profile: API during conversation-step ${what}`, file));
    },
  });
  return [...results, ...summary];
}

import { numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import { SelfProfile } from '../infra/self-profile';
import { profileReport } from '../profile-report';
import { runConversationStep } from './conversation-step.bench';

/**
 * Where the bench's own time goes (the load generator signing and posting the webhooks, and the fake
 * Meta answering the worker): a CPU profile of this process during the conversation-step saturation
 * run, start-up and warm-up left out. Its CPU is the "bench" share of CPU per step, which the
 * whole-stack figure counts but which is not Leadline's.
 */
export async function benchProfileBench(args: BenchArgs): Promise<BenchResult[]> {
  const summary: BenchResult[] = [];
  const profile = new SelfProfile();
  const results = await runConversationStep({
    workers: 1,
    contacts: numberArg(args, 'contacts', 200),
    loads: [],
    seconds: numberArg(args, 'seconds', 20),
    saturationContacts: numberArg(args, 'saturation-contacts', 100),
    cpuProfiles: true,
    webhookKeepAlive: args['webhook-keep-alive'] === 'true',
    beforeSaturation: () => profile.start(),
    after: async (stack) => {
      const file = await profile.stop(stack.profileDir);
      summary.push(profileReport('profile: bench process during conversation-step saturation', file));
    },
  });
  return [...results, ...summary];
}

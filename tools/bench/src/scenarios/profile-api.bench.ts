import type { BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import { profileDuringConversationStep } from './profile-worker.bench';

/**
 * Where the API's time goes in the conversation flow (issue 21, tenth round): a CPU profile of the
 * API during the conversation-step saturation run, or with `--loads 100` during that load. Each
 * step brings the API three webhooks (the contact's message, then `sent` and `delivered` for the
 * answer), in batches far smaller than webhook-ingest's, so its per-request and per-batch costs
 * show here and not there.
 */
export function benchProfileApi(args: BenchArgs): Promise<BenchResult[]> {
  return profileDuringConversationStep(
    args,
    'API',
    (stack) => {
      if (!stack.api) throw new Error('profile-api needs the API running');
      return stack.api;
    },
    { seconds: 20, saturationContacts: 100 },
  );
}

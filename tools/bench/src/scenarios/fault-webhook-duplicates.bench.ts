import { numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import { runFaultScenario } from '../fault-load';

/**
 * Meta delivers every webhook at least once and in no particular order: here 10 % of the POSTs (inbound
 * messages and statuses) arrive twice, and POSTs queued together go out shuffled, 16 at a time. A
 * contact's own messages stay in conversation order (each answers the bot's last question).
 */
export function benchFaultWebhookDuplicates(args: BenchArgs): Promise<BenchResult[]> {
  const rate = numberArg(args, 'duplicate-rate', 0.1);
  return runFaultScenario({
    name: `fault: webhooks duplicated (${Math.round(rate * 100)} %) and reordered`,
    contacts: numberArg(args, 'contacts', 100),
    workers: numberArg(args, 'workers', 1),
    webhooks: { duplicateRate: rate, order: 'shuffle', concurrency: 16 },
    faultAfterMs: 0,
    fault: async (_stack, note) => note(`every webhook POST duplicated with probability ${rate}, shuffled`),
    finishWithinMs: numberArg(args, 'finish-seconds', 240) * 1000,
    settleMs: numberArg(args, 'settle-seconds', 10) * 1000,
  });
}

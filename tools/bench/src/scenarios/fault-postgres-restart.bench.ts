import { numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import { runFaultScenario } from '../fault-load';
import { sleep } from '../reply-tracker';

/**
 * The private PostgreSQL cluster is stopped (fast shutdown: every connection cut), left down for
 * `--down-seconds`, and started again, `--restarts` times. The API refuses webhooks meanwhile (Meta
 * retries them), the worker's transactions fail and are retried.
 */
export function benchFaultPostgresRestart(args: BenchArgs): Promise<BenchResult[]> {
  const restarts = numberArg(args, 'restarts', 2);
  const down = numberArg(args, 'down-seconds', 5);
  return runFaultScenario({
    name: `fault: PostgreSQL restarted ${restarts} times during load`,
    contacts: numberArg(args, 'contacts', 100),
    workers: numberArg(args, 'workers', 1),
    faultAfterMs: numberArg(args, 'fault-after-seconds', 5) * 1000,
    fault: async (stack, note) => {
      for (let i = 0; i < restarts; i += 1) {
        note(`PostgreSQL stopping (down ${down} s)`);
        await stack.pg.restart(down * 1000, 'fast');
        note('PostgreSQL up again');
        await sleep(numberArg(args, 'between-seconds', 10) * 1000);
      }
    },
    finishWithinMs: numberArg(args, 'finish-seconds', 240) * 1000,
    settleMs: numberArg(args, 'settle-seconds', 65) * 1000,
  });
}

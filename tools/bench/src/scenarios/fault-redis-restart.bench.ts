import { numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import { runFaultScenario } from '../fault-load';
import { sleep } from '../reply-tracker';

/**
 * The private Redis is killed and an empty one started on the same port (no persistence: every queue,
 * delayed timer job and lock is gone), `--restarts` times. The engine must rebuild its work from
 * PostgreSQL (sweeper, timer re-arming).
 */
export function benchFaultRedisRestart(args: BenchArgs): Promise<BenchResult[]> {
  const restarts = numberArg(args, 'restarts', 2);
  const down = numberArg(args, 'down-seconds', 2);
  return runFaultScenario({
    name: `fault: Redis restarted empty ${restarts} times during load`,
    contacts: numberArg(args, 'contacts', 100),
    workers: numberArg(args, 'workers', 1),
    faultAfterMs: numberArg(args, 'fault-after-seconds', 5) * 1000,
    fault: async (stack, note) => {
      for (let i = 0; i < restarts; i += 1) {
        note(`Redis killed (down ${down} s, restarts empty)`);
        await stack.redis.restart(down * 1000);
        note('Redis up again, empty');
        await sleep(numberArg(args, 'between-seconds', 10) * 1000);
      }
    },
    finishWithinMs: numberArg(args, 'finish-seconds', 240) * 1000,
    settleMs: numberArg(args, 'settle-seconds', 65) * 1000,
  });
}

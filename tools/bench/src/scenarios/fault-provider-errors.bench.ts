import { numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import { runFaultScenario } from '../fault-load';
import { sleep } from '../reply-tracker';

/** The fake Meta refuses every send for `--fault-seconds` (30): first half 500s, second half 429s. */
export function benchFaultProviderErrors(args: BenchArgs): Promise<BenchResult[]> {
  const seconds = numberArg(args, 'fault-seconds', 30);
  return runFaultScenario({
    name: `fault: provider answers 5xx then 429 for ${seconds} s`,
    contacts: numberArg(args, 'contacts', 100),
    workers: numberArg(args, 'workers', 1),
    faultAfterMs: numberArg(args, 'fault-after-seconds', 5) * 1000,
    fault: async (stack, note) => {
      const half = (seconds * 1000) / 2;
      note(`POST /messages answers 500 (code 131000) for ${half / 1000} s`);
      stack.fakeMeta.failFor(half, {
        httpStatus: 500,
        code: 131000,
        route: 'messages',
        message: 'Injected outage',
      });
      await sleep(half);
      note(`POST /messages answers 429 (code 130429) for ${half / 1000} s`);
      stack.fakeMeta.failFor(half, {
        httpStatus: 429,
        code: 130429,
        route: 'messages',
        message: 'Injected throttling',
      });
      await sleep(half);
      note(`provider healthy again; refusals: ${JSON.stringify(stack.fakeMeta.rejections())}`);
    },
    finishWithinMs: numberArg(args, 'finish-seconds', 240) * 1000,
    settleMs: numberArg(args, 'settle-seconds', 10) * 1000,
  });
}

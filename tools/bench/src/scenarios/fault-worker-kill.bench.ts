import { numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import { runFaultScenario } from '../fault-load';
import { sleep } from '../reply-tracker';

/**
 * Two worker processes; every `--every-seconds` one of them (in turn) is SIGKILLed and started again,
 * `--kills` times. A killed worker's jobs wait for their lock to expire (30 s) before the other takes
 * them; sends it was unsure of are settled by their status webhook or re-sent after 60 s, hence the
 * long default settle time.
 */
export function benchFaultWorkerKill(args: BenchArgs): Promise<BenchResult[]> {
  const kills = numberArg(args, 'kills', 6);
  const every = numberArg(args, 'every-seconds', 5);
  return runFaultScenario({
    name: `fault: worker SIGKILLed ${kills} times during load`,
    contacts: numberArg(args, 'contacts', 100),
    workers: 2,
    faultAfterMs: numberArg(args, 'fault-after-seconds', 3) * 1000,
    fault: async (stack, note) => {
      for (let kill = 0; kill < kills; kill += 1) {
        const worker = stack.workers[kill % stack.workers.length];
        const pid = worker.pid;
        await worker.kill('SIGKILL');
        note(`SIGKILL ${worker.name} (pid ${pid})`);
        const restarting = Date.now();
        await worker.start();
        note(
          `${worker.name} ready again after ${((Date.now() - restarting) / 1000).toFixed(1)} s (pid ${worker.pid})`,
        );
        await sleep(every * 1000);
      }
    },
    finishWithinMs: numberArg(args, 'finish-seconds', 240) * 1000,
    settleMs: numberArg(args, 'settle-seconds', 65) * 1000,
  });
}

import { PollLoop, type PollLoopIdle } from './poll-loop';
import { signalActivity } from './process-activity';

const IDLE: PollLoopIdle = { afterMs: 10_000, maxMs: 5_000 };

/** A loop whose task records when it ran (ms since start) and answers what `found` says. */
function loop(idle?: PollLoopIdle, found: (run: number) => number = () => 0) {
  const start = Date.now();
  const runs: number[] = [];
  const poll = new PollLoop(
    async () => {
      runs.push(Date.now() - start);
      return found(runs.length);
    },
    1_000,
    () => undefined,
    idle,
  );
  return { poll, runs };
}

/** Gaps between consecutive runs. */
const gaps = (runs: number[]) => runs.slice(1).map((at, i) => at - runs[i]);

describe('PollLoop at rest', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('without idle, polls every everyMs whatever it finds', async () => {
    const { poll, runs } = loop();
    poll.start();
    await jest.advanceTimersByTimeAsync(30_000);
    await poll.stop(0);
    expect(runs).toHaveLength(30);
    expect(new Set(gaps(runs))).toEqual(new Set([1_000]));
  });

  it('slows down after afterMs of empty runs, doubling the wait up to maxMs', async () => {
    const { poll, runs } = loop(IDLE);
    poll.start();
    await jest.advanceTimersByTimeAsync(40_000);
    await poll.stop(0);
    // 1 s apart for the first 10 s, then 2 s, 4 s, and 5 s from then on.
    expect(runs.slice(0, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => s * 1_000));
    expect(gaps(runs).slice(9)).toEqual([2_000, 4_000, 5_000, 5_000, 5_000, 5_000]);
  });

  it('a run that finds work restores everyMs at once', async () => {
    // Work in the 14th run (at 26 s): the next runs are 1 s apart again, for another 10 s.
    const { poll, runs } = loop(IDLE, (run) => (run === 14 ? 3 : 0));
    poll.start();
    await jest.advanceTimersByTimeAsync(40_000);
    await poll.stop(0);
    expect(runs[13]).toBe(26_000);
    expect(runs.slice(14, 25)).toEqual([27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 38].map((s) => s * 1_000));
  });

  it('traffic in the process brings a slowed loop back to everyMs after its last run', async () => {
    const { poll, runs } = loop(IDLE);
    poll.start();
    // Runs at 1..10 s, 12 s, 16 s, 21 s: waiting 5 s for 26 s.
    await jest.advanceTimersByTimeAsync(22_500);
    expect(runs.at(-1)).toBe(21_000);
    signalActivity();
    await jest.advanceTimersByTimeAsync(0);
    // 1 s after the last run has passed: it runs at once, then every second.
    expect(runs.at(-1)).toBe(22_500);
    await jest.advanceTimersByTimeAsync(3_000);
    await poll.stop(0);
    expect(runs.slice(-4)).toEqual([22_500, 23_500, 24_500, 25_500]);
  });

  it('traffic at the normal cadence adds no run', async () => {
    const { poll, runs } = loop(IDLE);
    poll.start();
    for (let i = 0; i < 300; i += 1) {
      await jest.advanceTimersByTimeAsync(100);
      signalActivity();
    }
    await poll.stop(0);
    // 30 s of traffic every 100 ms: one run a second, as without idle.
    expect(runs).toHaveLength(30);
    expect(new Set(gaps(runs))).toEqual(new Set([1_000]));
  });

  it('a stopped loop no longer listens for traffic', async () => {
    const { poll, runs } = loop(IDLE);
    poll.start();
    await jest.advanceTimersByTimeAsync(22_500);
    await poll.stop(0);
    const count = runs.length;
    signalActivity();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(runs).toHaveLength(count);
  });
});

import { TemplateSyncScheduler } from './template-sync.scheduler';

const schedule = { firstDelayMs: 30_000, intervalMs: 6 * 3600_000 };

describe('TemplateSyncScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('syncs 30 s after start, then every interval after the previous run ended', async () => {
    const run = jest.fn(async () => undefined);
    const scheduler = new TemplateSyncScheduler(run, jest.fn(), schedule);
    scheduler.start();
    await jest.advanceTimersByTimeAsync(29_999);
    expect(run).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(schedule.intervalMs - 1);
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    await scheduler.stop();
  });

  it('never overlaps a slow run, and keeps going after a failed one', async () => {
    let finish: () => void = () => undefined;
    const run = jest
      .fn<Promise<void>, [AbortSignal]>()
      .mockImplementationOnce(() => new Promise<void>((resolve) => (finish = resolve)))
      .mockRejectedValueOnce(new Error('database unreachable'))
      .mockResolvedValue(undefined);
    const onError = jest.fn();
    const scheduler = new TemplateSyncScheduler(run, onError, schedule);
    scheduler.start();
    await jest.advanceTimersByTimeAsync(schedule.firstDelayMs + 3 * schedule.intervalMs);
    expect(run).toHaveBeenCalledTimes(1);
    finish();
    await jest.advanceTimersByTimeAsync(schedule.intervalMs);
    expect(run).toHaveBeenCalledTimes(2);
    expect(onError).toHaveBeenCalledWith(new Error('database unreachable'));
    await jest.advanceTimersByTimeAsync(schedule.intervalMs);
    expect(run).toHaveBeenCalledTimes(3);
    await scheduler.stop();
  });

  it('stop() cancels the next run, aborts and awaits the current one', async () => {
    let signal: AbortSignal | undefined;
    let finish: () => void = () => undefined;
    const run = jest.fn((s: AbortSignal) => {
      signal = s;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    const scheduler = new TemplateSyncScheduler(run, jest.fn(), schedule);
    scheduler.start();
    await jest.advanceTimersByTimeAsync(schedule.firstDelayMs);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(signal?.aborted).toBe(true);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    await jest.advanceTimersByTimeAsync(10 * schedule.intervalMs);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('does not keep the process alive while waiting', () => {
    const scheduler = new TemplateSyncScheduler(jest.fn(), jest.fn(), schedule);
    jest.useRealTimers();
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    scheduler.start();
    const timer = setTimeoutSpy.mock.results[0].value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    setTimeoutSpy.mockRestore();
    return scheduler.stop();
  });
});

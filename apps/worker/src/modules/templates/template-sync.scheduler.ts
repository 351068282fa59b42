export interface TemplateSyncSchedule {
  /** Delay of the first run after start(). */
  firstDelayMs: number;
  /** Pause between the end of one run and the start of the next. */
  intervalMs: number;
}

/**
 * Runs a sync once after a delay, then again `intervalMs` after each run ends, so runs never
 * overlap however long one takes. Timers are unref'd: a pending sync never keeps the process alive.
 * A run's rejection goes to `onError`; the schedule goes on.
 */
export class TemplateSyncScheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private abort = new AbortController();
  private stopped = true;

  constructor(
    private readonly run: (signal: AbortSignal) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly schedule: TemplateSyncSchedule,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.abort = new AbortController();
    this.arm(this.schedule.firstDelayMs);
  }

  /** Cancels the next run and waits for the current one, which stops after its current channel. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.abort.abort();
    await this.running;
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.tick().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.arm(this.schedule.intervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      await this.run(this.abort.signal);
    } catch (error) {
      this.onError(error);
    }
  }
}

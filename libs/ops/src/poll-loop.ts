import { settlesWithin } from './connections';

/**
 * Runs a task every `everyMs` after the previous run ended (never two at once), reporting its
 * failures, until stopped; stop() waits for a run in progress within a bound. The dispatchers move due
 * work from PostgreSQL onto their queues with it.
 */
export class PollLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly task: () => Promise<unknown>,
    private readonly everyMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.task()
        .then(() => undefined)
        .catch((error) => this.onError(error))
        .finally(() => this.schedule());
    }, this.everyMs);
    this.timer.unref();
  }

  /** No new run starts; a run in progress may finish within `timeoutMs`. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await settlesWithin(this.running ?? Promise.resolve(), timeoutMs);
  }
}

import { settlesWithin } from './connections';
import { onActivity } from './process-activity';

/**
 * How a loop slows down at rest. A run that returns 0 found nothing; once runs have found nothing and
 * no traffic was seen (process-activity.ts) for `afterMs`, the wait doubles after each empty run up to
 * `maxMs`. A run that finds work, or traffic in this process, brings the loop back to `everyMs` at
 * once (the next run `everyMs` after the last one ended, or now if that is past).
 */
export interface PollLoopIdle {
  afterMs: number;
  maxMs: number;
}

/**
 * The feeders' slowing down at rest: after 10 s without work or traffic, from their 0.5-1 s down to one
 * poll every 5 s. Work that comes without traffic in this process (an API call's outbound event, an
 * alert) waits at most 5 s instead of 1 s then; the first job of any traffic restores the cadence.
 */
export const FEEDER_IDLE: PollLoopIdle = { afterMs: 10_000, maxMs: 5_000 };

/**
 * Runs a task every `everyMs` after the previous run ended (never two at once), reporting its
 * failures, until stopped; stop() waits for a run in progress within a bound. The dispatchers move due
 * work from PostgreSQL onto their queues with it.
 *
 * With `idle`, the loop polls less at rest (a small deployment pays each poll's statement all day).
 * That only delays work nobody signalled: the poll stays the backstop, so nothing is lost if no
 * signal comes; it is found at most `idle.maxMs` later. Under traffic, and for `afterMs` after it,
 * the loop runs exactly as without `idle`.
 */
export class PollLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  /** The wait before the next run. */
  private waitMs: number;
  /** When the last run ended (ms since the epoch), and when work or traffic was last seen. */
  private lastEnd = 0;
  private lastBusy = 0;
  private unsubscribe?: () => void;

  constructor(
    private readonly task: () => Promise<unknown>,
    private readonly everyMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly idle?: PollLoopIdle,
  ) {
    this.waitMs = everyMs;
  }

  start(): void {
    this.stopped = false;
    this.lastBusy = Date.now();
    this.waitMs = this.everyMs;
    if (this.idle) this.unsubscribe ??= onActivity(() => this.wake());
    this.schedule(this.everyMs);
  }

  /**
   * Work may be waiting (traffic in this process): a loop slowed down at rest returns to `everyMs`.
   * At `everyMs` already this changes nothing, so calling it once per job costs nothing.
   */
  wake(): void {
    const now = Date.now();
    this.lastBusy = now;
    if (this.stopped || this.waitMs <= this.everyMs) return;
    this.waitMs = this.everyMs;
    // A run in progress schedules the next one itself, at `everyMs` now.
    if (this.running) return;
    clearTimeout(this.timer);
    this.schedule(Math.max(0, this.lastEnd + this.everyMs - now));
  }

  private schedule(waitMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.task()
        .then((result) => this.ran(result === 0))
        .catch((error) => {
          this.ran(false);
          this.onError(error);
        })
        .finally(() => {
          this.running = undefined;
          this.schedule(this.waitMs);
        });
    }, waitMs);
    this.timer.unref();
  }

  /** After a run: the wait before the next (a failure counts as busy: it is retried at `everyMs`). */
  private ran(empty: boolean): void {
    const now = Date.now();
    this.lastEnd = now;
    if (!empty || !this.idle) {
      if (!empty) this.lastBusy = now;
      this.waitMs = this.everyMs;
      return;
    }
    if (now - this.lastBusy < this.idle.afterMs) return;
    this.waitMs = Math.min(this.idle.maxMs, Math.max(this.everyMs, this.waitMs * 2));
  }

  /** No new run starts; a run in progress may finish within `timeoutMs`. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearTimeout(this.timer);
    await settlesWithin(this.running ?? Promise.resolve(), timeoutMs);
  }
}

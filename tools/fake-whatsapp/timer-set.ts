/** Tracks the fakes' own timers so stop() can clear every one of them. */
export class TimerSet {
  private readonly timers = new Map<NodeJS.Timeout, () => void>();

  /** Resolves after `ms`, or straight away when the set is cleared. */
  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => this.after(ms, resolve, resolve));
  }

  /** Runs `fn` after `ms` unless cleared first; `onCancel` runs instead when cleared. */
  after(ms: number, fn: () => void, onCancel?: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.timers.set(timer, onCancel ?? (() => undefined));
  }

  get size(): number {
    return this.timers.size;
  }

  clearAll(): void {
    const cancelled = [...this.timers];
    this.timers.clear();
    for (const [timer, onCancel] of cancelled) {
      clearTimeout(timer);
      onCancel();
    }
  }
}

import { HOUR_MS } from './clock';

export const CUSTOMER_WINDOW_MS = 24 * HOUR_MS;

/** Last inbound time per user; free-form messages are only allowed within 24 h of it. */
export class CustomerWindows {
  private readonly lastInbound = new Map<string, number>();

  /** Keeps the latest time, so a late-arriving old message never shortens an open window. */
  record(userId: string, atMs: number): void {
    const previous = this.lastInbound.get(userId);
    if (previous === undefined || atMs > previous) this.lastInbound.set(userId, atMs);
  }

  last(userId: string): number | undefined {
    return this.lastInbound.get(userId);
  }

  isOpen(userId: string, nowMs: number): boolean {
    const last = this.lastInbound.get(userId);
    return last !== undefined && nowMs < last + CUSTOMER_WINDOW_MS;
  }

  clear(): void {
    this.lastInbound.clear();
  }
}

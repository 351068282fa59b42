import type { Clock } from './clock';

export interface Fault {
  /** HTTP status of the injected failure, e.g. 500, 503 or 429. */
  httpStatus: number;
  /** Provider error code put in the error body (Graph `error.code` or Twilio `code`). */
  code: number;
  message?: string;
  /** Only requests to this route fail (e.g. 'messages', 'media', 'templates'); all routes when absent. */
  route?: string;
  /** Drop the TCP connection instead of answering, to exercise network-error paths. */
  resetConnection?: boolean;
}

const MAX_FAIL_NEXT = 1_000_000;
const MAX_DELAY_MS = 120_000;

/** Scripted failures shared by both fakes: the next N requests, a time-boxed storm, or slow answers. */
export class FaultInjector {
  private queued: Array<{ remaining: number; fault: Fault }> = [];
  private storms: Array<{ until: number; fault: Fault }> = [];
  private delay = 0;

  constructor(private readonly now: Clock) {}

  failNext(count: number, fault: Fault): void {
    if (!Number.isInteger(count) || count < 0 || count > MAX_FAIL_NEXT) {
      throw new RangeError(`failNext count must be an integer in [0, ${MAX_FAIL_NEXT}]`);
    }
    assertFault(fault);
    if (count > 0) this.queued.push({ remaining: count, fault });
  }

  /** Fails matching requests until `durationMs` has passed on the injected clock. */
  failFor(durationMs: number, fault: Fault): void {
    if (!Number.isFinite(durationMs) || durationMs < 0)
      throw new RangeError('failFor needs a finite duration');
    assertFault(fault);
    this.storms.push({ until: this.now() + durationMs, fault });
  }

  delayResponses(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0 || ms > MAX_DELAY_MS) {
      throw new RangeError(`delayResponses needs 0..${MAX_DELAY_MS} ms`);
    }
    this.delay = ms;
  }

  get responseDelayMs(): number {
    return this.delay;
  }

  /** The fault to apply to this request, if any; consumes one `failNext` slot. */
  take(route: string): Fault | undefined {
    const now = this.now();
    this.storms = this.storms.filter((storm) => storm.until > now);
    const storm = this.storms.find((s) => matches(s.fault, route));
    if (storm) return storm.fault;
    const index = this.queued.findIndex((q) => matches(q.fault, route));
    if (index < 0) return undefined;
    const entry = this.queued[index];
    entry.remaining -= 1;
    if (entry.remaining === 0) this.queued.splice(index, 1);
    return entry.fault;
  }

  reset(): void {
    this.queued = [];
    this.storms = [];
    this.delay = 0;
  }
}

function matches(fault: Fault, route: string): boolean {
  return fault.route === undefined || fault.route === route;
}

function assertFault(fault: Fault): void {
  if (!Number.isInteger(fault.httpStatus) || fault.httpStatus < 400 || fault.httpStatus > 599) {
    throw new RangeError('A fault needs an httpStatus between 400 and 599');
  }
  if (!Number.isInteger(fault.code)) throw new RangeError('A fault needs an integer provider error code');
}

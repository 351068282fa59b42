import { pgPoolOf, type PrismaClient } from '@leadline/database';
import { MIN_WAIT_MS } from '@leadline/flow-core';
import type { Pool } from 'pg';
import type { Clock } from './engine-ports';
import { runHot } from './sql/hot-sql';
import { FIRE_DUE_TIMERS } from './sql/timer-statements';
import type { ContactRef } from './wake';

export interface TimerPollerOptions {
  /** Most timers one statement claims; a full batch is followed by the next at once. */
  batchSize: number;
  /**
   * The longest the poller sleeps. It sleeps until the earliest unclaimed timer falls due, but never
   * longer than this, so a timer armed meanwhile (by this process or another) is seen in time.
   */
  maxSleepMs: number;
  /**
   * The shortest sleep after a batch that was not full: timers falling due a few ms apart are then
   * claimed together (one statement and one addBulk for several) instead of one claim each.
   */
  minSleepMs: number;
}

/**
 * How long a claim waits for its batch's apply before the poller may claim again. A batch's apply
 * includes its steps' inline sends (send-inline.ts: provider timeouts of 10-30 s, the answer's
 * recording retried for up to ~27 s), so a slow provider must not hold every tenant's timers up: past
 * this wait the poller claims again whatever the apply does (issue 21, seventh round, after review).
 */
const APPLY_WAIT_MS = 2_000;

/**
 * What bounds the poller instead of a number of applies in flight: contacts claimed but not yet
 * applied, counted one by one as each contact's drain ends (ContactProcessor.applyFired's `settled`),
 * at most this many batches' worth. A contact stalled in a slow provider's send holds its own place
 * only, not its batch's: one slow tenant's contacts stop the claims only once there are this many of
 * them stalled at once. Claimed but unapplied work waits in the inboxes (the sweeper finds it after
 * a crash), so the cap bounds memory and the load a stalled provider can pile up, not correctness.
 */
const MAX_UNAPPLIED_BATCHES = 2;

/**
 * maxSleepMs is MIN_WAIT_MS (1 s), the shortest timer a flow may set (validation code
 * WAIT_TOO_SHORT): a timer is armed at least that long before it falls due, so some poll after its
 * commit, at most maxSleepMs later, sees it and sleeps until its due time exactly. No timer is late
 * because the poller slept, and no signal from the arming step is needed (a step committed by another
 * worker process is seen the same way). An idle engine pays one index probe a second per worker.
 */
export const DEFAULT_TIMER_POLLER: TimerPollerOptions = {
  batchSize: 500,
  maxSleepMs: MIN_WAIT_MS,
  // Timers are due to the second; 20 ms late at most is nothing, and timers falling due a few ms
  // apart share a claim (at 300 a second, ~9 a claim with it, ~3 without: docs/performance.md).
  minSleepMs: 20,
};

/** What one claim did. */
export interface TimerFiring {
  /** Timers claimed (due, unclaimed, not cancelled), owned or not. */
  claimed: number;
  /** Of those, whose event this claim appended (a timer whose event was already in the inbox: none). */
  appended: number;
  /** Claimed timers whose run is not their contact's in the timer's tenant: no event (see the statement). */
  foreign: Array<{ tenantId: string; runId: string; timerId: string }>;
  /** The contacts woken (one per contact, whatever its number of timers). */
  contacts: ContactRef[];
  /** The earliest unclaimed timer due after now; null when none is pending. */
  nextDueAt: Date | null;
  /** The batch was full: more may be due now. */
  full: boolean;
}

/**
 * Fires due timers from PostgreSQL in batches (issue 21, fifth round), instead of one BullMQ delayed
 * job per timer. One statement (FIRE_DUE_TIMERS, sql/timer-statements.ts) claims the due timers,
 * marks them claimed and appends their `timer` contact events; the contacts are then applied by
 * this process (`apply`, issue 21's seventh round) and those it leaves woken with one addBulk (all
 * of them without `apply`); the poller sleeps until the next timer falls due (at least minSleepMs, at most
 * maxSleepMs). The guarantees:
 *
 * - exactly once: the claim and the events commit together (one autocommit statement); SKIP LOCKED
 *   gives concurrent pollers (one per worker process) disjoint batches, a claimed timer is never due
 *   again, and the dedupe key keeps a timer to one event whatever else appends it (a timer job of an
 *   older version during a rolling deploy);
 * - tenants: each event is written with its own timer row's tenant and contact, and only when the
 *   row's run is that contact's in that tenant (the statement's `owned`); rows that are not are
 *   claimed, written nothing for, and reported. The contact job that applies the event runs under
 *   the tenant's scope (row-level security) as for any other event;
 * - crash safety: a crash before the commit leaves the batch unclaimed (one statement, all or
 *   nothing), and the next poll of any worker takes it; a crash (or Redis being away) after the
 *   commit, before the wake, leaves pending events that the sweeper's contact sweep wakes;
 * - Redis: nothing about a timer is in Redis until it fired (the wake is an ordinary contact job), so
 *   a Redis restart loses no timer and needs no re-arm;
 * - per-contact order: events are appended in due order; they are applied under the contact's lock,
 *   in id order, with the contact's other events, as any event.
 */
export class TimerPoller {
  private readonly pool: Pool | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** The batches being applied (see APPLY_WAIT_MS); stop() waits for them. */
  private readonly applying = new Set<Promise<void>>();
  /** Contacts claimed and handed to `apply` whose drain has not ended (MAX_UNAPPLIED_BATCHES). */
  private unapplied = 0;
  /** Wakes a poll waiting for room under the cap (a contact applied, or stop()). */
  private roomMade: (() => void) | undefined;
  private stopped = true;
  /**
   * Claim statements run, those that claimed any timer (batches), timers claimed, and contacts
   * applied by the poller itself (not woken): tests count round trips per fired timer with these
   * (an idle poll claims nothing).
   */
  readonly counted = { statements: 0, batches: 0, timers: 0, applied: 0 };

  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
    /** Wakes the contacts of a batch (one addBulk); a failure is reported, the sweeper recovers. */
    private readonly wake: (contacts: readonly ContactRef[]) => Promise<void>,
    private readonly report: (error: unknown, context: string) => void,
    private readonly options: TimerPollerOptions = DEFAULT_TIMER_POLLER,
    /**
     * Applies a batch's contacts in this process, without a contact job each (the engine's
     * ContactProcessor.applyFired, issue 21's seventh round); returns those it left, which are woken.
     * `settled` is called once per contact as its drain ends (the cap on unapplied contacts). Unset:
     * every contact is woken.
     */
    private readonly apply?: (contacts: readonly ContactRef[], settled: () => void) => Promise<ContactRef[]>,
  ) {
    this.pool = pgPoolOf(prisma);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops polling and waits for a claim in flight (its statement commits or not as a whole). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.roomMade?.();
    await this.running;
    await Promise.all(this.applying);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.poll().finally(() => {
        this.running = undefined;
      });
    }, delayMs);
    this.timer.unref?.();
  }

  private async poll(): Promise<void> {
    let delay = this.options.maxSleepMs;
    try {
      // Claim no more than the cap leaves room for: a claimed timer waits for its apply (not lost:
      // its event is in the inbox), an unclaimed one can go to another worker's poller.
      const cap = MAX_UNAPPLIED_BATCHES * this.options.batchSize;
      while (!this.stopped && this.unapplied >= cap)
        await new Promise<void>((resolve) => (this.roomMade = resolve));
      this.roomMade = undefined;
      // stop() came while this poll waited for room: it claims nothing more.
      if (this.stopped) return;
      const firing = await this.fireDue({ limit: Math.min(this.options.batchSize, cap - this.unapplied) });
      if (firing.full) delay = 0;
      else if (firing.nextDueAt) {
        const until = firing.nextDueAt.getTime() - this.clock.now().getTime();
        delay = Math.min(this.options.maxSleepMs, Math.max(this.options.minSleepMs, until));
      }
    } catch (error) {
      // The database is away: nothing was claimed; try again after the usual sleep.
      this.tell(error, 'firing due timers');
    } finally {
      this.schedule(delay);
    }
  }

  /**
   * One claim: fires the timers due now (up to batchSize) and wakes their contacts. `tenantId` limits
   * it to one tenant's timers (the conformance driver); the poller serves every tenant.
   */
  async fireDue(options: { tenantId?: string; limit?: number } = {}): Promise<TimerFiring> {
    const limit = options.limit ?? this.options.batchSize;
    const values = [this.clock.now(), limit, options.tenantId ?? null];
    const [row] = this.pool
      ? await runHot(this.pool, FIRE_DUE_TIMERS, values)
      : (await this.prisma.$queryRawUnsafe<unknown[]>(FIRE_DUE_TIMERS.text, ...values)).map((raw) =>
          FIRE_DUE_TIMERS.row.parse(raw),
        );
    this.counted.statements += 1;
    const timers = row?.timers ?? [];
    this.counted.timers += timers.length;
    if (timers.length) this.counted.batches += 1;
    const contacts = new Map<string, ContactRef>();
    const foreign: TimerFiring['foreign'] = [];
    for (const timer of timers) {
      if (timer.owned)
        contacts.set(timer.contactId, { tenantId: timer.tenantId, contactId: timer.contactId });
      else foreign.push({ tenantId: timer.tenantId, runId: timer.runId, timerId: timer.timerId });
    }
    if (foreign.length) {
      this.tell(
        new Error(
          `${foreign.length} due timers ignored: their run is not their contact's in their tenant (${foreign
            .slice(0, 5)
            .map((timer) => `run ${timer.runId} timer ${timer.timerId}`)
            .join(', ')})`,
        ),
        'timer for another tenant or an erased run',
      );
    }
    // After the commit: the events are durable in the inboxes, the hand-off to whatever applies
    // them. Applied here, a contact's events are marked processed by the step that applies them, in
    // its own commit; a crash meanwhile leaves them pending, and a wake that fails (or never comes)
    // is only late: the sweeper's contact sweep wakes contacts whose events wait. So each timer is
    // applied once whichever way, and a contact the apply leaves (locked elsewhere, a step off the
    // hot path, a failed step, more events than one drain) is woken as before, its job applying its
    // events in order.
    if (contacts.size) {
      const work = this.applyAndWake([...contacts.values()]);
      this.applying.add(work);
      // applyAndWake never rejects (its reports are guarded): no unhandled rejection from here.
      void work.finally(() => this.applying.delete(work)).catch(() => undefined);
      // Waited for (the next claim comes after it), but not for ever: an apply held up by a slow
      // provider's inline sends lets the next claim go after APPLY_WAIT_MS; the stalled contacts
      // keep their places under the cap (MAX_UNAPPLIED_BATCHES) until their drains end.
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        work,
        new Promise<void>((resolve) => {
          timeout = setTimeout(resolve, APPLY_WAIT_MS);
          timeout.unref?.();
        }),
      ]);
      clearTimeout(timeout);
    }
    return {
      claimed: timers.length,
      appended: row?.appended ?? 0,
      foreign,
      contacts: [...contacts.values()],
      nextDueAt: row?.next_due_at ?? null,
      full: timers.length >= limit,
    };
  }

  /** Applies a batch's contacts (when this poller applies) and wakes those left; never rejects. */
  private async applyAndWake(batch: ContactRef[]): Promise<void> {
    let left = batch;
    if (this.apply) {
      let pending = batch.length;
      this.unapplied += pending;
      const settled = () => {
        if (pending === 0) return;
        pending -= 1;
        this.unapplied -= 1;
        this.roomMade?.();
      };
      try {
        left = await this.apply(batch, settled);
      } catch (error) {
        this.tell(error, 'applying fired timers');
      } finally {
        // Whatever the apply did not say it settled is no longer in its hands (woken below).
        while (pending > 0) settled();
      }
    }
    this.counted.applied += batch.length - left.length;
    if (left.length) await this.wake(left).catch((error) => this.tell(error, 'waking fired timers'));
  }

  /** Reports; a failing reporter must not stop the poller (nothing else fires timers) nor reject. */
  private tell(error: unknown, context: string): void {
    try {
      this.report(error, context);
    } catch {
      // nothing more to do: the error is lost, the poller goes on
    }
  }
}

export interface GroupCommitOptions {
  /** How long the first item of a batch waits for others (ms) when no batch is being written. */
  maxDelayMs: number;
  /** Most items in one batch. */
  maxRows: number;
  /** Most batches written at once (default 1); two never hold items of one key. */
  maxInFlight?: number;
  /**
   * No wait for nobody (issue 21, eighth round): when no batch is being written and every caller the
   * spec counts (`callers`, at least one) has submitted, the batch goes at the end of this turn of
   * the event loop (what the same turn submits still joins it) instead of after `maxDelayMs`. Off
   * unless set: a test holding a batch open for a count sets its own options.
   */
  skipLoneWait?: boolean;
}

/** A submitted item with its caller's promise: the writer settles each one (once its batch committed). */
export interface Waiting<I, R> {
  item: I;
  key: string;
  group: string;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitSpec<I, R> {
  /**
   * Writes a batch and settles every entry of it. A writer that rejects has every entry rejected
   * with its error (settling twice is harmless: a promise keeps its first outcome).
   */
  write: (batch: Waiting<I, R>[]) => Promise<void>;
  /** What two batches written at once must not share (a contact for a message, a message for a status). */
  keyOf: (item: I) => string;
  /**
   * One item per key in a batch (a contact's next step needs its previous one committed); by
   * default a batch may hold several, in submission order.
   */
  distinctKeys?: boolean;
  /**
   * What a batch's items must all share (a tenant, for a transaction scoped to it); by default
   * any items go together. A batch takes the first waiting item's group.
   */
  groupOf?: (item: I) => string;
  /**
   * How many callers in this process may submit soon, counting those whose items wait already
   * (the contact drains running, the inline sends not yet recorded): with `skipLoneWait`, once all
   * of them have submitted there is nobody left to wait for. Zero means the callers are not
   * counted (a direct submit): the wait is kept.
   */
  callers?: () => number;
}

/**
 * Group commit, the loop the engine's batched writers share (webhook ingest, contact steps): items
 * submitted meanwhile are collected, a batch of them is written every `maxDelayMs` (at once when
 * `maxRows` wait), and each caller's promise settles only when the writer says (after its commit).
 *
 * Order: an item whose key is in a batch being written (or already in the batch being formed)
 * stays waiting, in submission order, for the first batch formed after that one ended: one key's
 * items are written by batches that do not overlap in time, in the order they were submitted.
 */
export class GroupCommit<I, R> {
  private pending: Waiting<I, R>[] = [];
  /** The wait for the batch being formed (a timer, or the end of this turn), cancelled by `stop`. */
  private wait: { kind: 'timer' | 'turn'; stop: () => void } | undefined;
  /** The batches being written. */
  private readonly writing = new Set<Promise<void>>();
  /** The keys of the items in the batches being written. */
  private readonly busy = new Set<string>();
  private readonly maxInFlight: number;
  /** Set by `drain`: no batch waits for others any more. */
  private draining = false;

  constructor(
    private readonly options: GroupCommitOptions,
    private readonly spec: GroupCommitSpec<I, R>,
  ) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  }

  /**
   * Batches formed after waiting `maxDelayMs` (a timer armed and fired) and batches formed at the end
   * of a turn because every caller had submitted (`callers`): tests count them.
   */
  readonly waits = { timed: 0, immediate: 0 };

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const key = this.spec.keyOf(item);
      const group = this.spec.groupOf?.(item) ?? '';
      this.pending.push({ item, key, group, resolve, reject });
      this.schedule();
    });
  }

  /** Writes what is still waiting (at shutdown); resolves when no batch is left to write. */
  async flush(): Promise<void> {
    this.wait?.stop();
    this.wait = undefined;
    while (this.writing.size || this.pending.length) {
      if (this.writing.size < this.maxInFlight && this.writeNext()) continue;
      // All that waits is held back by a batch being written (or all slots are taken): its end.
      await Promise.race(this.writing);
    }
  }

  /**
   * Shutdown: what waits is written now, and so is each item submitted from here on, with no wait
   * for others (a caller still finishing, e.g. a job the shutdown lets end, is not held by a batch
   * that waits for callers who are gone); resolves when no batch is left to write.
   */
  drain(): Promise<void> {
    this.draining = true;
    return this.flush();
  }

  private schedule(): void {
    if (this.writing.size >= this.maxInFlight) return; // a batch that ends starts the next one
    if (this.draining) {
      this.writeNext();
      return;
    }
    if (this.pending.length >= this.options.maxRows) {
      this.wait?.stop();
      this.wait = undefined;
      this.writeNext();
      return;
    }
    // Issue 21, eighth round: at a moderate rate a batch mostly holds one step, and its 1 ms wait was
    // a timer armed and fired (a wake-up of the process) and 1 ms of latency per batch, twice a step
    // (the steps' batch, the answers'), for nobody: no other caller was running to join it.
    const callers = this.options.skipLoneWait ? (this.spec.callers?.() ?? 0) : 0;
    const alone = !this.writing.size && callers > 0 && callers <= this.pending.length;
    if (this.wait && (this.wait.kind === 'turn' || !alone)) return;
    this.wait?.stop();
    const kind = alone ? 'turn' : 'timer';
    const go = () => {
      this.wait = undefined;
      this.waits[kind === 'turn' ? 'immediate' : 'timed'] += 1;
      if (this.writing.size < this.maxInFlight) this.writeNext();
    };
    if (kind === 'turn') {
      const immediate = setImmediate(go);
      this.wait = { kind, stop: () => clearImmediate(immediate) };
    } else {
      const timer = setTimeout(go, this.options.maxDelayMs);
      this.wait = { kind, stop: () => clearTimeout(timer) };
    }
  }

  /**
   * Starts a batch of the first `maxRows` waiting items of the first free item's group whose key no
   * batch holds, in submission order (the others keep waiting, in order). False when none could go.
   */
  private writeNext(): boolean {
    const batch: Waiting<I, R>[] = [];
    const held: Waiting<I, R>[] = [];
    /** Keys with an item held back: their later items stay behind it (the key's order). */
    const blocked = new Set<string>();
    const taken = new Set<string>();
    let group: string | undefined;
    for (const waiting of this.pending) {
      const fits =
        batch.length < this.options.maxRows &&
        !this.busy.has(waiting.key) &&
        !blocked.has(waiting.key) &&
        !(this.spec.distinctKeys && taken.has(waiting.key)) &&
        (group === undefined || waiting.group === group);
      if (fits) {
        batch.push(waiting);
        taken.add(waiting.key);
        group = waiting.group;
      } else {
        held.push(waiting);
        blocked.add(waiting.key);
      }
    }
    this.pending = held;
    if (!batch.length) return false;
    for (const waiting of batch) this.busy.add(waiting.key);
    const written: Promise<void> = this.spec
      .write(batch)
      .catch((error) => batch.forEach((waiting) => waiting.reject(error)))
      .finally(() => {
        for (const waiting of batch) this.busy.delete(waiting.key);
        this.writing.delete(written);
        // What arrived meanwhile has waited a whole write already: no further delay.
        while (this.pending.length && this.writing.size < this.maxInFlight && this.writeNext());
      });
    this.writing.add(written);
    return true;
  }
}

/**
 * Counts the callers under way that may submit to a group commit (GroupCommitSpec.callers): each
 * `enter` returns the function that says it ended (once; a second call is ignored).
 */
export class Callers {
  private running = 0;

  get count(): number {
    return this.running;
  }

  enter(): () => void {
    this.running += 1;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.running -= 1;
    };
  }
}

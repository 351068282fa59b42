export interface GroupCommitOptions {
  /** How long the first item of a batch waits for others (ms) when no batch is being written. */
  maxDelayMs: number;
  /** Most items in one batch. */
  maxRows: number;
  /** Most batches written at once (default 1); two never hold items of one key. */
  maxInFlight?: number;
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
  private timer: NodeJS.Timeout | undefined;
  /** The batches being written. */
  private readonly writing = new Set<Promise<void>>();
  /** The keys of the items in the batches being written. */
  private readonly busy = new Set<string>();
  private readonly maxInFlight: number;

  constructor(
    private readonly options: GroupCommitOptions,
    private readonly spec: GroupCommitSpec<I, R>,
  ) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  }

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
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.writing.size || this.pending.length) {
      if (this.writing.size < this.maxInFlight && this.writeNext()) continue;
      // All that waits is held back by a batch being written (or all slots are taken): its end.
      await Promise.race(this.writing);
    }
  }

  private schedule(): void {
    if (this.writing.size >= this.maxInFlight) return; // a batch that ends starts the next one
    if (this.pending.length >= this.options.maxRows) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.writeNext();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (this.writing.size < this.maxInFlight) this.writeNext();
      }, this.options.maxDelayMs);
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

import type { PrismaClient } from '@leadline/database';
import type { ChannelEvent } from '@leadline/whatsapp';
import { writeIngestBatch, type BatchedEvent } from './ingest-batch-write';
import {
  ANY_CHANNEL,
  ingestChannelEvent,
  inScope,
  type ChannelScope,
  type IngestOutcome,
} from './ingest-channel-event';
import { GroupCommit, type Waiting as GroupWaiting } from './group-commit';
import { channelByNumber } from './lookup-cache';

export interface IngestBatchOptions {
  /** How long the first event of a batch waits for others (ms) when no batch is being written. */
  maxDelayMs: number;
  /** Most events written in one transaction. */
  maxRows: number;
  /**
   * Most batches written at once (default 1). A second one lets the events that arrive while a
   * batch commits be written meanwhile instead of after it; a contact is never in two at once.
   * Measured in issue 21's fourth round (docs/performance.md): with a batch in one round trip, a
   * second batch in flight did not pay on the bench (smaller batches, more CPU per webhook), so
   * the API keeps one; the option stays for a database whose commits are slow to come back.
   * Ninth round, why: no lock serialises two batches (their contacts and messages are disjoint, and
   * the tenant's and channel's rows are only key-share locked by the foreign keys, which never wait
   * on each other); what they share is the commit's WAL flush. PostgreSQL flushes WAL one flush at a
   * time (WALWriteLock): the second batch's commit waits for the first's fsync, then makes its own
   * (pg_stat_activity sampled during the bench: IO:WALSync ~40 % of a batch's time with one in
   * flight; with two, LWLock:WALWrite appears, the second waiting out the first's flush). Two
   * batches in flight are two smaller batches and as many flushes, so no more webhooks per flush.
   */
  maxInFlight?: number;
  /**
   * Told once per written batch (the API logs one line per batch instead of one per webhook):
   * how many events, how long the write took, and whether the batch had to be written one by one.
   */
  onWritten?: (summary: IngestBatchSummary) => void;
}

export interface IngestBatchSummary {
  events: number;
  ms: number;
  /** The batch's transaction failed; its events were written one transaction each. */
  splitAfterError: boolean;
}

/**
 * What to do with the outcomes of committed events (the EngineClient tells inboxes and wakes the
 * contacts, one `addBulk` per batch). It runs once the callers are answered, not before: see
 * IngestBatcher.writeOrSplit for why a 200 does not wait for it. It must not reject.
 */
export type AfterIngestCommit = (outcomes: readonly IngestOutcome[]) => Promise<void>;

/**
 * A few ms cost one webhook almost nothing in latency, and under load a batch fills up while the
 * previous one is written anyway; 500 rows keep a transaction well under a second on a busy machine.
 */
export const DEFAULT_INGEST_BATCH: IngestBatchOptions = { maxDelayMs: 2, maxRows: 500, maxInFlight: 1 };

/**
 * What two batches written at once must not share: a contact (tenant and phone, the contacts
 * table's unique key) for a message, the message a status names. See IngestBatcher's order rule.
 */
function orderKey(item: BatchedEvent): string {
  return item.kind === 'message'
    ? `m\u0000${item.channel.tenantId}\u0000${item.event.contact.phone}`
    : `s\u0000${item.channel.id}\u0000${item.event.providerMessageId}`;
}

type Waiting = GroupWaiting<BatchedEvent, IngestOutcome>;

/**
 * Group commit for webhook ingest. Each webhook's events are appended to the current batch; one
 * transaction writes the batch (one ll_ingest_tenant_batch call per tenant, ingest-batch-write.ts)
 * every few milliseconds, or at once when it is full, and each caller's promise settles only after that
 * commit: a webhook answered 200 is durable, a crash before the commit loses only unanswered
 * webhooks, which the provider retries. When the transaction fails nothing of the batch was
 * written; its events are then written one transaction each, so only an event the database refuses
 * is rejected (its webhook gets a 5xx and is retried) and the others are answered.
 *
 * Order: up to `maxInFlight` batches are written at once, but a contact's events never go into a
 * batch while another batch holding one of that contact's events is being written: such an event
 * (and every later one of the contact, whose key is equally busy) stays waiting, in order, and goes
 * into the first batch formed after that batch committed or failed. So one contact's events are
 * written by transactions that do not overlap in time and follow its webhooks' order, and their
 * contact_events ids (which the worker applies in order) rise in that order: two batches in flight
 * never reorder one contact's events. Within a batch the statements keep the batch's order (`ord`).
 * The same holds for two statuses of one message (the UPDATE is monotonic anyway). Disjoint contacts
 * also mean the two transactions never wait on each other's contact rows.
 *
 * Messages and the forward statuses (`sent`, `delivered`, `read`) are batched; `failed` statuses
 * and WABA-level updates (rare, and with more to do) keep their own transaction.
 */
export class IngestBatcher {
  /** The collect → write → settle loop (group-commit.ts), keyed by orderKey. */
  private readonly batches: GroupCommit<BatchedEvent, IngestOutcome>;
  /** Wake-ups of committed batches still running (flush waits for them, so none is cut at shutdown). */
  private readonly afterCommits = new Set<Promise<void>>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: IngestBatchOptions = DEFAULT_INGEST_BATCH,
    private readonly afterCommit: AfterIngestCommit = async () => undefined,
  ) {
    this.batches = new GroupCommit(options, { write: (batch) => this.write(batch), keyOf: orderKey });
  }

  async ingest(event: ChannelEvent, scope: ChannelScope = ANY_CHANNEL): Promise<IngestOutcome> {
    const batchable = event.kind === 'message' || (event.kind === 'status' && event.status !== 'failed');
    if (!batchable) {
      const outcome = await ingestChannelEvent(this.prisma, event, scope);
      this.runAfterCommit([outcome]);
      return outcome;
    }
    const channel = await channelByNumber(this.prisma, event.channel.provider, event.channel.phoneNumberId);
    if (!channel) return { outcome: 'unknown_channel' };
    if (!inScope(scope, channel.id)) return { outcome: 'foreign_channel' };
    const item = (
      event.kind === 'message' ? { kind: 'message', event, channel } : { kind: 'status', event, channel }
    ) as BatchedEvent;
    return this.batches.submit(item);
  }

  /** Writes what is still waiting (at shutdown, before the database connection closes). */
  async flush(): Promise<void> {
    await this.batches.flush();
    await Promise.all(this.afterCommits);
  }

  /** Runs afterCommit without holding up the answer; flush waits for it. */
  private runAfterCommit(outcomes: readonly IngestOutcome[]): void {
    const after = this.afterCommit(outcomes).catch(() => undefined);
    this.afterCommits.add(after);
    void after.finally(() => this.afterCommits.delete(after));
  }

  private async write(batch: Waiting[]): Promise<void> {
    const started = performance.now();
    const splitAfterError = await this.writeOrSplit(batch);
    this.options.onWritten?.({
      events: batch.length,
      ms: Math.round(performance.now() - started),
      splitAfterError,
    });
  }

  /** Writes the batch; when its transaction fails, its events one by one. True when it had to split. */
  private async writeOrSplit(batch: Waiting[]): Promise<boolean> {
    try {
      const outcomes = await writeIngestBatch(
        this.prisma,
        batch.map((waiting) => waiting.item),
      );
      // Committed: the callers are answered now, and the wake-ups (one addBulk) run meanwhile. The
      // answer does not wait for Redis: what makes a 200 durable is the commit above, not the wake.
      // A wake that is lost (a crash right after the answer, Redis slow or down: the wake gives up
      // after WAKE_TIMEOUT_MS and was never an error) leaves the events unapplied in contact_events,
      // and the worker's sweeper (sweeper.ts, every 2 s) wakes every contact whose events stay
      // unapplied past STALE_AFTER_MS. Before issue 21's sixth round the answer waited for the wake,
      // which held every webhook ~one Redis round trip longer without adding any guarantee.
      batch.forEach((waiting, index) => waiting.resolve(outcomes[index]));
      this.runAfterCommit(outcomes);
      return false;
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return false;
      }
      // One event the database refuses must not fail every webhook that shared its batch, and then
      // every batch its provider's retries land in: the batch's events are written again one by one,
      // in order (a contact's events keep theirs), so only the refused one's webhook gets a 5xx.
      for (const waiting of batch) await this.writeOrSplit([waiting]);
      return true;
    }
  }
}

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
import { channelByNumber } from './lookup-cache';

export interface IngestBatchOptions {
  /** How long the first event of a batch waits for others (ms) when no batch is being written. */
  maxDelayMs: number;
  /** Most events written in one transaction. */
  maxRows: number;
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
 * What to do with the outcomes of committed events before their callers are answered (the
 * EngineClient tells inboxes and wakes the contacts, one `addBulk` per batch). It must not reject.
 */
export type AfterIngestCommit = (outcomes: readonly IngestOutcome[]) => Promise<void>;

/**
 * A few ms cost one webhook almost nothing in latency, and under load a batch fills up while the
 * previous one is written anyway; 500 rows keep a transaction well under a second on a busy machine.
 */
export const DEFAULT_INGEST_BATCH: IngestBatchOptions = { maxDelayMs: 2, maxRows: 500 };

interface Waiting {
  item: BatchedEvent;
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for webhook ingest. Each webhook's events are appended to the current batch; one
 * transaction writes the batch (a few set-based statements, see ingest-batch-write.ts) every few
 * milliseconds, or at once when it is full, and each caller's promise settles only after that
 * commit: a webhook answered 200 is durable, a crash before the commit loses only unanswered
 * webhooks, which the provider retries. When the transaction fails nothing of the batch was
 * written; its events are then written one transaction each, so only an event the database refuses
 * is rejected (its webhook gets a 5xx and is retried) and the others are answered.
 *
 * One batch is written at a time per process, in submission order, so a contact's events keep the
 * order its webhooks arrived in; events that arrive meanwhile form the next batch.
 *
 * Messages and the forward statuses (`sent`, `delivered`, `read`) are batched; `failed` statuses
 * and WABA-level updates (rare, and with more to do) keep their own transaction.
 */
export class IngestBatcher {
  private pending: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  /** Wake-ups of committed batches still running (flush waits for them). */
  private readonly afterCommits = new Set<Promise<void>>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: IngestBatchOptions = DEFAULT_INGEST_BATCH,
    private readonly afterCommit: AfterIngestCommit = async () => undefined,
  ) {}

  async ingest(event: ChannelEvent, scope: ChannelScope = ANY_CHANNEL): Promise<IngestOutcome> {
    const batchable = event.kind === 'message' || (event.kind === 'status' && event.status !== 'failed');
    if (!batchable) {
      const outcome = await ingestChannelEvent(this.prisma, event, scope);
      await this.afterCommit([outcome]);
      return outcome;
    }
    const channel = await channelByNumber(this.prisma, event.channel.provider, event.channel.phoneNumberId);
    if (!channel) return { outcome: 'unknown_channel' };
    if (!inScope(scope, channel.id)) return { outcome: 'foreign_channel' };
    const item = (
      event.kind === 'message' ? { kind: 'message', event, channel } : { kind: 'status', event, channel }
    ) as BatchedEvent;
    return new Promise<IngestOutcome>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Writes what is still waiting (at shutdown, before the database connection closes). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.writing || this.pending.length) {
      if (this.writing) await this.writing;
      else this.writeNext();
    }
    await Promise.all(this.afterCommits);
  }

  private schedule(): void {
    if (this.writing) return; // the batch being written starts the next one when it ends
    if (this.pending.length >= this.options.maxRows) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.writeNext();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (!this.writing) this.writeNext();
      }, this.options.maxDelayMs);
    }
  }

  private writeNext(): void {
    const batch = this.pending.splice(0, this.options.maxRows);
    if (!batch.length) return;
    this.writing = this.write(batch).finally(() => {
      this.writing = undefined;
      // What arrived meanwhile has waited a whole write already: no further delay.
      if (this.pending.length) this.writeNext();
    });
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
      // Committed: the wake-ups (one addBulk) run while the next batch is written; each caller is
      // answered once they are done, as a webhook was answered after its own wake before.
      const after = this.afterCommit(outcomes)
        .catch(() => undefined)
        .then(() => batch.forEach((waiting, index) => waiting.resolve(outcomes[index])));
      this.afterCommits.add(after);
      void after.finally(() => this.afterCommits.delete(after));
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

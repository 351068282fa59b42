import type { Pool } from 'pg';
import { Callers, GroupCommit, type GroupCommitOptions } from './group-commit';
import { RECORD_ANSWER_BATCH } from './sql/answer-statements';
import { isConnectionError, runHot } from './sql/hot-sql';

/** PostgreSQL's order of uuids (their bytes), which is the order of their lower-case text. */
function byMessageId(a: { id: string }, b: { id: string }): number {
  const x = a.id.toLowerCase();
  const y = b.id.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** One inline send's outcome to record (send-inline.ts): what the provider answered, what it was told. */
export interface InlineAnswer {
  tenantId: string;
  /** The step's outbox row, deleted with its answers (its work done; sql/answer-statements.ts). */
  outboxId: string;
  conversationId: string;
  /** The answered messages, each with its provider id and when the provider answered. */
  answers: Array<{ id: string; providerMessageId: string; at: Date }>;
  /** The provider was told the conversation is read: its inbound messages before `bound` get `at`. */
  read: { bound: Date; at: Date } | null;
}

/**
 * The inline sends of a batch of steps finish within milliseconds of each other (the batch's
 * COMMIT starts them together): their answers are recorded in one statement per batch, 1 ms of
 * waiting at most, instead of two statements per step (the answer with the outbox row; the read
 * mark). Measured in docs/performance.md (issue 21, sixth round).
 */
export const DEFAULT_ANSWER_BATCH: GroupCommitOptions = {
  maxDelayMs: 1,
  maxRows: 64,
  maxInFlight: 1,
  // When no other inline send is under way, nobody is left to join the batch: no wait.
  skipLoneWait: true,
};

/**
 * Group commit of inline sends' answers (group-commit.ts, the loop ingest and contact steps share).
 *
 * Durability: `record` settles only once the statement holding the answer has committed (it is
 * autocommit: its COMMIT is its end). Until then nothing of it is written, exactly as before the
 * one-statement-per-step version ran: a worker that dies with answers waiting leaves their outbox
 * rows unpublished and their messages claimed (`send_attempted_at`), so the sweeper publishes the
 * rows after STALE_AFTER_MS and the send job reconciles each claimed message (it waits RECONCILE_MS
 * for the status webhook, which Meta sends for what it accepted) before sending it again: the
 * recovery of a worker killed between the provider's answer and its record, unchanged. A failed
 * statement rejects every caller of the batch, and each one records again (send-inline.ts
 * recordSurely) or gives up to that same recovery.
 *
 * Tenant isolation: a batch holds one tenant's answers (the group), and the statement names that
 * tenant in each of its parts (sql/answer-statements.ts). Order: one conversation's answers are
 * never in two batches written at once (the key), and a contact's job waits for its answer's record
 * before it applies the contact's next event, as it did for its own statement.
 */
export class AnswerRecorder {
  private readonly batches: GroupCommit<InlineAnswer, void>;
  /** Statements sent and the answers they carried (tests count them). */
  readonly written = { batches: 0, answers: 0 };
  /** Inline sends under way, which may record an answer (GroupCommitSpec.callers). */
  private readonly sends = new Callers();

  constructor(
    private readonly pool: Pool,
    options: GroupCommitOptions = DEFAULT_ANSWER_BATCH,
  ) {
    this.batches = new GroupCommit(options, {
      write: async (batch) => {
        const tenantId = batch[0].group;
        try {
          await this.write(
            tenantId,
            batch.map((waiting) => waiting.item),
          );
        } catch (error) {
          // PostgreSQL does not say whose row failed the statement: each answer is written alone,
          // so one bad row fails only its own send's record, not every send that finished with it
          // (each would retry, perhaps beside the same row again, then wait for the recovery). A
          // lost connection fails them all (GroupCommit rejects each: they record again).
          if (batch.length === 1 || isConnectionError(error)) throw error;
          for (const waiting of batch) {
            await this.write(tenantId, [waiting.item]).then(
              () => waiting.resolve(),
              (alone: unknown) => waiting.reject(alone),
            );
          }
          return;
        }
        for (const waiting of batch) waiting.resolve();
      },
      keyOf: (answer) => answer.conversationId,
      distinctKeys: true,
      groupOf: (answer) => answer.tenantId,
      callers: () => this.sends.count,
    });
  }

  /** Batches formed after the timed wait, or at once because no other send was under way (tests count them). */
  get waits(): { timed: number; immediate: number } {
    return this.batches.waits;
  }

  /**
   * An inline send starts (send-inline.ts): it may record an answer. The function returned says it
   * ended. While every send under way has its answer waiting, a batch waits for no one.
   */
  enter(): () => void {
    return this.sends.enter();
  }

  /** Settles once the answer is committed; rejects (nothing of it written) if its statement failed. */
  record(answer: InlineAnswer): Promise<void> {
    return this.batches.submit(answer);
  }

  /**
   * Shutdown (EmbeddedEngine.stop, before the workers close and again after): the answers waiting
   * are written now, and every answer recorded from here on at once, with no batch wait; resolves
   * when none is left to write. Without it an answer could wait in a batch (maxDelayMs) while its
   * job, awaiting it, kept the workers' graceful close waiting, and a stop that then cut the job
   * off returned before the answer was written: the pool closed after the stop failed its
   * statement, and the sent message was left claimed, for the sweeper and the send job's
   * reconcile (RECONCILE_MS) to find, as after a crash. Durability is unchanged: `record` still
   * settles only after the statement committed.
   */
  close(): Promise<void> {
    return this.batches.drain();
  }

  private async write(tenantId: string, items: InlineAnswer[]): Promise<void> {
    // In the messages' id order: the statement locks them in its arrays' order (each message probed
    // by its key), and the API's ingest applies status webhooks to the same rows in id order
    // (ll_ingest_tenant_batch): in any other order a batch of answers and a batch of their `sent`
    // statuses could each hold a row the other waits for, a deadlock PostgreSQL breaks after 1 s by
    // failing one of them (seen in the bench: p99 ~1 s at 100 steps/s, issue 21, ninth round).
    const answers = items.flatMap((item) => item.answers).sort(byMessageId);
    const reads = items.flatMap((item) =>
      item.read ? [{ ...item.read, conversationId: item.conversationId }] : [],
    );
    this.written.batches += 1;
    this.written.answers += items.length;
    await runHot(this.pool, RECORD_ANSWER_BATCH, [
      tenantId,
      answers.map((answer) => answer.id),
      answers.map((answer) => answer.providerMessageId),
      answers.map((answer) => answer.at),
      items.map((item) => item.outboxId),
      reads.map((read) => read.conversationId),
      reads.map((read) => read.bound),
      reads.map((read) => read.at),
    ]);
  }
}

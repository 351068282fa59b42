import type { Pool } from 'pg';
import { GroupCommit, type GroupCommitOptions, type Waiting } from './group-commit';
import { applyLockedHot, FALLBACK, type HotApplied } from './hot-apply';
import type { OutboxRow } from './outbox-relay';
import type { InlineReserver } from './send-inline';
import { savepointBatch } from './sql/savepoint-batch';
import { lockContactSql } from './sql/hot-statements';

/**
 * The contact was locked by another transaction (a contact job of another worker, the Prisma path)
 * or is gone: the batch did not wait for it; the caller applies it on its own, as before.
 */
export const BUSY = Symbol('busy');

export type BatchedStep = HotApplied | null | typeof FALLBACK | typeof BUSY;

interface StepRequest {
  tenantId: string;
  contactId: string;
  /** The caller's: filled only once the batch committed (the step's rows). */
  outbox: OutboxRow[];
  /** The caller's: told the head event once its step is settled (the poison-event strikes need it). */
  noteHead: (id: bigint, kind: string) => void;
}

/**
 * A batch stays well below PostgreSQL's 64 cached subtransaction ids per backend (each step that
 * writes takes one in its savepoint): past them every snapshot in the cluster gets slower. The
 * contacts and timers workers' concurrency (8 + 8) bounds a batch in practice anyway.
 */
export const DEFAULT_CONTACT_STEP_BATCH: GroupCommitOptions = { maxDelayMs: 1, maxRows: 32, maxInFlight: 1 };

/**
 * Group commit of contact steps (issue 21, fifth round): the contact jobs running at once in this
 * process for one tenant apply their contacts' next events in ONE transaction, each contact in a
 * savepoint of its own (sql/savepoint-batch.ts), instead of a transaction each: one COMMIT (one WAL
 * flush) and one BEGIN + scope per batch, the rest of each step as on its own (lock, APPLY_HEAD,
 * PERSIST_STEP: hot-apply.ts).
 *
 * What keeps holding:
 * - tenant isolation: a batch holds one tenant's contacts only (GroupCommit's group), scoped once
 *   with BEGIN; another tenant's contacts go into another batch, another transaction;
 * - per-contact order: one contact is in one batch at a time (distinct keys) and its job applies
 *   its next event only after the batch settled; contacts are locked in id order, never waiting
 *   (SKIP LOCKED): a contact another transaction holds is BUSY and applied on its own, as before;
 * - exactly-once sends: a step's messages are claimed by its own statement, as on its own; its
 *   caller learns of the step (and sends inline) only after the batch's COMMIT;
 * - one step failing (a poison event) or leaving the hot path (FALLBACK) is rolled back to its
 *   savepoint; the others commit. Its caller then strikes the event or takes the Prisma path alone;
 * - a crash or a failed COMMIT: nothing of the batch was written and every caller's promise
 *   rejects without a head event, so its job is retried by BullMQ as after a transient error.
 */
export class ContactStepBatcher {
  private readonly batches: GroupCommit<StepRequest, BatchedStep>;
  /** Batches committed and the steps they held (tests count transactions per step with these). */
  readonly written = { batches: 0, steps: 0 };

  constructor(
    private readonly pool: Pool,
    private readonly now: () => Date,
    private readonly engine: 'embedded' | 'temporal',
    private readonly inline?: InlineReserver,
    options: GroupCommitOptions = DEFAULT_CONTACT_STEP_BATCH,
  ) {
    this.batches = new GroupCommit(options, {
      write: (batch) => this.write(batch),
      keyOf: (request) => request.contactId,
      distinctKeys: true,
      groupOf: (request) => request.tenantId,
    });
  }

  /** The contact's next event applied in the next batch; settles after its COMMIT. */
  step(
    tenantId: string,
    contactId: string,
    outbox: OutboxRow[],
    noteHead: (id: bigint, kind: string) => void,
  ): Promise<BatchedStep> {
    return this.batches.submit({ tenantId, contactId, outbox, noteHead });
  }

  private async write(batch: Waiting<StepRequest, BatchedStep>[]): Promise<void> {
    // One lock order for every batch (contact ids): batches of two processes never wait in a cycle.
    const ordered = [...batch].sort((a, b) => (a.item.contactId < b.item.contactId ? -1 : 1));
    const steps = ordered.map((waiting) => ({
      waiting,
      outbox: [] as OutboxRow[],
      head: undefined as { id: bigint; kind: string } | undefined,
    }));
    const outcomes = await savepointBatch(
      this.pool,
      batch[0].group,
      steps,
      (step) => lockContactSql(step.waiting.item.contactId, true),
      async (tx, locked, step): Promise<BatchedStep> => {
        if (!locked.rows.length) return BUSY;
        const { tenantId, contactId } = step.waiting.item;
        return applyLockedHot(
          tx,
          tenantId,
          contactId,
          locked.rows,
          this.now,
          this.engine,
          step.outbox,
          (id, kind) => {
            step.head = { id, kind };
          },
          this.inline,
        );
      },
    );
    this.written.batches += 1;
    this.written.steps += steps.length;
    // Committed: each caller learns its step now (its outbox rows are durable).
    outcomes.forEach((outcome, index) => {
      const { waiting, outbox, head } = steps[index];
      if (head) waiting.item.noteHead(head.id, head.kind);
      if (!outcome.ok) return waiting.reject(outcome.error);
      if (outcome.value !== FALLBACK && outcome.value !== BUSY) waiting.item.outbox.push(...outbox);
      waiting.resolve(outcome.value);
    });
  }
}

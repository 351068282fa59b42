import type { Pool } from 'pg';
import { CAMPAIGN_REPLY_WINDOW_MS } from './campaign-reply';
import { Callers, GroupCommit, type GroupCommitOptions, type Waiting } from './group-commit';
import {
  ALONE,
  applyLockedHot,
  FALLBACK,
  type HeadRow,
  type HotApplied,
  type HotStep,
  type PersistedStep,
  type StepStatements,
} from './hot-apply';
import type { OutboxRow } from './outbox-relay';
import { OnceReserved, type InlineReserver } from './send-inline';
import { hotTenantTransaction, isConnectionError, type HotTransaction } from './sql/hot-sql';
import {
  contactRow,
  lockContactsAndHeadsSql,
  lockContactsSql,
  lockedWithHead,
  persistStepsFor,
  type PersistStepRow,
} from './sql/hot-statements';

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
  /** This step's inline reservations, kept across the batch's attempts (send-inline.ts OnceReserved). */
  inline?: InlineReserver;
}

/** A request's attempt in one transaction of the batch. */
interface Attempt {
  waiting: Waiting<StepRequest, BatchedStep>;
  outbox: OutboxRow[];
  head?: { id: bigint; kind: string };
  /**
   * What it came to: its value (kept only if the transaction commits); why it leaves the batch
   * (FALLBACK, its own error); or `again`: its statement came after another step's failed one.
   */
  outcome?:
    | { kind: 'done'; value: BatchedStep }
    | { kind: 'fallback' }
    | { kind: 'error'; error: unknown }
    | { kind: 'again' };
  /** A statement gathering its call with others' failed: not to blame on one step (see Gathered). */
  gatheredFailed?: boolean;
}

/**
 * The contacts worker's concurrency (16 jobs at once, ENGINE_QUEUES) bounds a batch of contact
 * jobs in practice; fired timers come from the timer poller's process all at once (up to its
 * claim's 500, ContactProcessor.applyFired: issue 21's seventh round), so their batches are full
 * ones of maxRows. A batch is not held open for stragglers (1 ms): under load the next one fills while
 * one commits. One batch at a time: its steps run side by side, so it lasts about as long as its
 * slowest step, and every step that arrives meanwhile joins the next (measured against two at a
 * time in docs/performance.md: fewer commits per step, no loss of throughput).
 */
export const DEFAULT_CONTACT_STEP_BATCH: GroupCommitOptions = {
  maxDelayMs: 1,
  maxRows: 32,
  maxInFlight: 1,
  // At a moderate rate most batches hold one step: when no other contact drain runs, none waits.
  skipLoneWait: true,
};

/**
 * The fired timers' batches (ContactProcessor.applyFired, issue 21's seventh round): a claim's
 * contacts arrive at once, so a batch is full at once. Two in flight: while one batch waits on
 * PostgreSQL (its round trips, its COMMIT's WAL flush) the other's steps run in the worker, so the
 * worker and PostgreSQL each work most of the time instead of taking turns.
 */
export const FIRED_TIMER_BATCH: GroupCommitOptions = {
  maxDelayMs: 1,
  maxRows: 64,
  maxInFlight: 2,
  // A claim's contacts submit in one turn, so they still go together; a lone timer goes at once.
  skipLoneWait: true,
};

/** The step leaves the batch: applied on its own (FALLBACK) or its error given to its caller. */
function leaves(attempt: Attempt): boolean {
  return attempt.outcome?.kind === 'fallback' || attempt.outcome?.kind === 'error';
}

/**
 * A contact's id as the batch keys it: lower case, as the lock statement's `id::text` gives it back.
 * isUuid (and the jobs' z.uuid) accept upper case too: matched by exact text, such a step found no
 * locked row (BUSY) while the batch marked its head processed and committed (the event lost).
 */
function contactKey(contactId: string): string {
  return contactId.toLowerCase();
}

/**
 * An error PostgreSQL raised (a SQLSTATE: five digits or capitals), as opposed to one thrown before
 * any SQL ran (InvalidHotLiteralError, InvalidTenantIdError) or a socket's (ECONNRESET...).
 */
function isDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/** `in_failed_sql_transaction`: a statement sent after another step's statement failed. */
const IN_FAILED_TRANSACTION = '25P02';

/** The batch's other steps, told to stop before writing because one left it (applied again). */
class StepLeftError extends Error {
  constructor() {
    super('another step of the batch left it');
    this.name = 'StepLeftError';
  }
}

/** A statement of several steps failed: which step's row caused it is unknown (see Gathered). */
class GatheredStatementError extends Error {
  constructor(cause: unknown) {
    super('a statement gathering several steps of the batch failed', { cause });
    this.name = 'GatheredStatementError';
  }
}

/** The batch's first statement failed gathering the heads with the locks: whose head is unknown. */
class HeadsFailedError extends Error {
  constructor(cause: unknown) {
    super("the batch's first statement failed reading its steps' heads", { cause });
    this.name = 'HeadsFailedError';
  }
}

/**
 * One statement for the calls of a batch's steps (PERSIST_STEPS; APPLY_HEADS until the eleventh
 * round), sent once every step of the transaction has made its call or ended without it: each step
 * calls at most once (its writes after the gate), so nothing waits on a step that will not
 * call. A step whose call comes after the statement went (none does today) is sent alone.
 */
class Gathered<A, R> {
  private readonly running: Set<number>;
  private calls: { args: A; resolve: (row: R | undefined) => void; reject: (error: unknown) => void }[] = [];

  constructor(
    steps: number,
    private readonly send: (args: A[]) => Promise<(R | undefined)[]>,
  ) {
    this.running = new Set(Array.from({ length: steps }, (_, index) => index));
  }

  call(step: number, args: A): Promise<R | undefined> {
    const row = new Promise<R | undefined>((resolve, reject) => this.calls.push({ args, resolve, reject }));
    this.ended(step);
    return row;
  }

  /** The step will not call (it ended, or called). */
  ended(step: number): void {
    this.running.delete(step);
    if (this.running.size || !this.calls.length) return;
    const calls = this.calls;
    this.calls = [];
    this.send(calls.map((call) => call.args)).then(
      (rows) => calls.forEach((call, index) => call.resolve(rows[index])),
      (error: unknown) => {
        // Alone, the error is its step's (a poison row: it leaves the batch). Gathered, it is not
        // known whose: the batch goes again with each step's statements sent alone (hot-apply.ts
        // ALONE: APPLY_HEADS of one contact, PERSIST_STEP), which tells.
        const told =
          calls.length > 1 && !isConnectionError(error) ? new GatheredStatementError(error) : error;
        for (const call of calls) call.reject(told);
      },
    );
  }
}

/**
 * A transaction's gathered statements: every locked step's head, already read with the locks by the
 * transaction's first statement (lockContactsAndHeadsSql: `heads`, issue 21's eleventh round; the
 * sixth to tenth rounds sent one APPLY_HEADS once every step had asked), then every step's writes
 * in one PERSIST_STEPS (steps of one tenant, one `at`: the attempt's).
 */
function gatheredStatements(
  tx: HotTransaction,
  steps: number,
  heads: ReadonlyMap<string, HeadRow>,
): { statements: (step: number) => StepStatements; ended: (step: number) => void } {
  type Persist = { tenantId: string; at: Date; row: PersistStepRow };
  const persists = new Gathered<Persist, PersistedStep>(steps, async (calls) =>
    calls.length === 1
      ? [await ALONE.persist(tx, calls[0].tenantId, calls[0].at, calls[0].row)]
      : tx.run(persistStepsFor(calls.map((call) => call.row)), [
          JSON.stringify(calls.map((call) => call.row)),
          calls[0].tenantId,
          calls[0].at,
        ]),
  );
  return {
    statements: (step) => ({
      // Each locked step asks for its head first thing, once (applyLockedHot): the row read with the
      // locks, or none when the contact has no pending event.
      head: async (_tx, contactId) => heads.get(contactKey(contactId)),
      persist: (_tx, tenantId, at, row) => persists.call(step, { tenantId, at, row }),
    }),
    ended: (step) => persists.ended(step),
  };
}

/**
 * Holds a batch's steps before their writes (HotStep.gate) until every step has decided: opens
 * when all are there or done; shuts (StepLeftError) as soon as one leaves the batch, so the
 * rollback undoes only their head reads, and no send's rate was taken for nothing.
 */
class DecisionGate {
  private undecided: number;
  private shut = false;
  private openGate!: () => void;
  private shutGate!: (error: Error) => void;
  readonly opened = new Promise<void>((resolve, reject) => {
    this.openGate = resolve;
    this.shutGate = reject;
  });

  constructor(steps: number) {
    this.undecided = steps;
    this.opened.catch(() => undefined); // a gate nobody waits at is no unhandled rejection
  }

  /** A step decided: it waits to write, ended without writing (`leaving` false), or left the batch. */
  decided(leaving: boolean): void {
    this.undecided -= 1;
    if (leaving && !this.shut) {
      this.shut = true;
      this.shutGate(new StepLeftError());
    } else if (this.undecided === 0 && !this.shut) this.openGate();
  }
}

/**
 * Group commit of contact steps (issue 21, fifth round): the contact jobs running at once in this
 * process for one tenant apply their contacts' next events in ONE transaction instead of one each:
 * BEGIN, the scope and every contact's lock with every locked contact's head event read (one
 * statement, lockContactsAndHeadsSql: eleventh round; the sixth to tenth sent APPLY_HEADS in a round
 * trip of its own) in one round trip, then every step's writes in one statement (PERSIST_STEPS),
 * gathered from the steps running side by side (hot-apply.ts; Gathered above; sixth round: the
 * fifth sent each step's head statement and PERSIST_STEP, one after another on the connection), then
 * one COMMIT: three round trips and one WAL flush for the batch, whatever its size.
 *
 * What keeps holding:
 * - tenant isolation: a batch holds one tenant's contacts only (GroupCommit's group), scoped once
 *   with BEGIN; another tenant's contacts go into another batch, another transaction;
 * - per-contact order: one contact is in one batch at a time (distinct keys) and its job applies
 *   its next event only after the batch settled; contacts are locked in id order, never waited for
 *   (SKIP LOCKED): a contact another transaction holds is BUSY and applied on its own, as before;
 * - exactly-once sends: a step's messages are claimed by its row of PERSIST_STEPS (the same claim as
 *   PERSIST_STEP's, per run); its caller learns of the step (and sends inline) only after the
 *   batch's COMMIT;
 * - one step failing (a poison event) or leaving the hot path (FALLBACK): the transaction is rolled
 *   back, that step leaves the batch (its caller strikes the event, or takes the Prisma path, on
 *   its own, as without a batch) and the others are applied again in a new transaction. Both are
 *   known before a step writes: every step waits at its gate (HotStep.gate: its transition
 *   computed, nothing written but its head's marks, no send's rate taken) until each has decided,
 *   so such a round costs the batch's head reads only. Each round takes at least one step out,
 *   so a batch ends; a statement failing later (after the gate) rolls back the same way;
 * - a gathered statement failing (the first one with the heads, or PERSIST_STEPS): whose row caused
 *   it is unknown, so the batch goes again with each step's statements sent alone, where a failure
 *   is its step's (see write);
 * - a crash or a failed COMMIT: nothing of the batch was written and every caller's promise
 *   rejects without a head event, so its job is retried by BullMQ as after a transient error.
 */
export class ContactStepBatcher {
  private readonly batches: GroupCommit<StepRequest, BatchedStep>;
  /** Transactions committed, rolled back for a step that left, and steps committed (tests count them). */
  readonly written = { batches: 0, retried: 0, steps: 0 };
  /** Contact drains running that may submit steps here (GroupCommitSpec.callers). */
  private readonly drains = new Callers();

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
      callers: () => this.drains.count,
    });
  }

  /** Batches formed after the timed wait, or at once because no other drain was running (tests count them). */
  get waits(): { timed: number; immediate: number } {
    return this.batches.waits;
  }

  /**
   * A contact drain that may submit steps here starts (ContactProcessor); the function returned says
   * it ended. While every running drain's step waits, a batch waits for no one (skipLoneWait).
   */
  enter(): () => void {
    return this.drains.enter();
  }

  /** The contact's next event applied in the next batch; settles after its COMMIT. */
  step(
    tenantId: string,
    contactId: string,
    outbox: OutboxRow[],
    noteHead: (id: bigint, kind: string) => void,
  ): Promise<BatchedStep> {
    const inline = this.inline && new OnceReserved(this.inline);
    // Keyed lower case from here on: the batch's key (one contact once a batch, however spelt), the
    // ids locked and the lookups of the locked rows and heads (attempt, steps) all use this form.
    return this.batches.submit({ tenantId, contactId: contactKey(contactId), outbox, noteHead, inline });
  }

  private async write(batch: Waiting<StepRequest, BatchedStep>[]): Promise<void> {
    let attempts: Attempt[] = batch.map((waiting) => ({ waiting, outbox: [] }));
    let gather = true;
    while (attempts.length) {
      let committed: boolean;
      try {
        committed = await this.attempt(batch[0].group, attempts, gather);
      } catch (error) {
        if (!(error instanceof HeadsFailedError)) throw error; // rejects all
        // The heads read with the locks failed, nobody to blame: once more with each step's head read
        // alone (ALONE.head: APPLY_HEADS with its one contact), where a failing one is its step's (nothing of this attempt was written).
        gather = false;
        this.written.retried += 1;
        continue;
      }
      const leaving = committed ? [] : attempts.filter((attempt) => leaves(attempt));
      // A gathered statement failed with nobody to blame: once more, each step's statements alone
      // (as in the fifth round), where a failing statement is its step's. Once only: so a batch ends.
      const split = !committed && gather && attempts.some((attempt) => attempt.gatheredFailed);
      if (!committed && !leaving.length && !split)
        throw new Error('contact step batch rolled back with no step to blame'); // rejects all
      if (split) gather = false;
      for (const { waiting, outbox, head, outcome } of committed ? attempts : leaving) {
        // Committed: each caller learns its step now (its outbox rows are durable). Leaving: rolled
        // back, the caller applies it on its own (FALLBACK) or strikes its head event (an error).
        if (head) waiting.item.noteHead(head.id, head.kind);
        if (!outcome) throw new Error('contact step batch: a step without an outcome');
        if (outcome.kind === 'fallback') waiting.resolve(FALLBACK);
        else if (outcome.kind === 'error') waiting.reject(outcome.error);
        else if (outcome.kind === 'again')
          throw new Error('contact step batch: committed with a failed statement');
        else {
          if (outcome.value !== FALLBACK && outcome.value !== BUSY) waiting.item.outbox.push(...outbox);
          waiting.resolve(outcome.value);
        }
      }
      if (committed) {
        this.written.batches += 1;
        this.written.steps += attempts.length;
        return;
      }
      this.written.retried += 1;
      attempts = attempts
        .filter((attempt) => !leaves(attempt))
        .map(({ waiting }) => ({ waiting, outbox: [] }));
    }
  }

  /**
   * One transaction of the batch; true when it committed (no step left it). Throws HeadsFailedError
   * when its first statement failed, gathering the heads (see write).
   */
  private async attempt(tenantId: string, attempts: Attempt[], gather: boolean): Promise<boolean> {
    const ids = attempts.map((attempt) => contactKey(attempt.waiting.item.contactId));
    const asked = new Set(ids);
    // One time for the transaction's steps (their heads' marks, their writes): gathered statements
    // take one. Read once the connection is taken (the prelude is written then), not before the wait
    // for it, so timers armed from it do not fire early by that wait, nor is the 24-hour window
    // judged at a stale time; the locks are never waited for (SKIP LOCKED).
    let at = this.now();
    const prelude = () => {
      at = this.now();
      const since = new Date(at.getTime() - CAMPAIGN_REPLY_WINDOW_MS);
      return [gather ? lockContactsAndHeadsSql(ids, at, since) : lockContactsSql(ids)];
    };
    // Whether the first round trip came back: a failure before it is the first statement's.
    let started = false;
    try {
      return await hotTenantTransaction(this.pool, tenantId, prelude, async (tx, [locked]) => {
        started = true;
        const rows = new Map<string, unknown>();
        const heads = new Map<string, HeadRow>();
        for (const row of locked.rows as Record<string, unknown>[]) {
          const { contact, head } = gather
            ? lockedWithHead(row)
            : { contact: contactRow.parse(row), head: undefined };
          // Its head is already marked processed by this statement: committing without a step to
          // apply it would lose the event, so the whole batch rolls back (and its jobs are retried).
          if (!asked.has(contact.id))
            throw new Error('contact step batch: a locked contact no step asked for');
          rows.set(contact.id, row);
          if (head) heads.set(contact.id, head);
        }
        return await this.steps(tx, tenantId, at, attempts, gather ? heads : undefined, rows);
      });
    } catch (error) {
      // The first statement failed in PostgreSQL, not the connection: with the heads gathered in it,
      // whose head caused it is unknown (as for a gathered statement: see write). An error thrown
      // before any SQL ran (a contact id or tenant that is no UUID) is no statement's: going again
      // alone would only throw it again.
      if (gather && !started && isDatabaseError(error) && !isConnectionError(error))
        throw new HeadsFailedError(error);
      throw error;
    }
  }

  /** The attempt's steps, side by side on its transaction; true when all are done (it commits). */
  private async steps(
    tx: HotTransaction,
    tenantId: string,
    at: Date,
    attempts: Attempt[],
    heads: ReadonlyMap<string, HeadRow> | undefined,
    rows: ReadonlyMap<string, unknown>,
  ): Promise<boolean> {
    // The steps share the connection one statement at a time, in the order they ask (pg's own
    // queue for a busy client is deprecated): the steps' other work still overlaps.
    let queue: Promise<unknown> = Promise.resolve();
    const shared: HotTransaction = {
      ...tx,
      run: (statement, values) => {
        const result = queue.then(() => tx.run(statement, values));
        queue = result.catch(() => undefined);
        return result;
      },
    };
    // Every step ended before the connection goes back to the pool (or is discarded): none is
    // left sending on it. A lost connection fails the batch (hotTenantTransaction discards it).
    const gate = new DecisionGate(attempts.length);
    const gathered = heads && gatheredStatements(shared, attempts.length, heads);
    const ended = await Promise.allSettled(
      attempts.map(async (attempt, index) => {
        try {
          const statements = gathered?.statements(index) ?? ALONE;
          const row = rows.get(contactKey(attempt.waiting.item.contactId));
          await this.apply(shared, { tenantId, at, statements }, attempt, row, gate);
        } finally {
          gathered?.ended(index);
        }
      }),
    );
    const lost = ended.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (lost) throw lost.reason;
    const failed = attempts.some((attempt) => attempt.outcome?.kind !== 'done');
    if (failed) tx.abandon();
    return !failed;
  }

  private async apply(
    tx: HotTransaction,
    { tenantId, at, statements }: { tenantId: string; at: Date; statements: StepStatements },
    attempt: Attempt,
    row: unknown,
    gate: DecisionGate,
  ): Promise<void> {
    let decided = false;
    const decide = (leaving: boolean) => {
      if (decided) return;
      decided = true;
      gate.decided(leaving);
    };
    if (!row) {
      attempt.outcome = { kind: 'done', value: BUSY };
      decide(false);
      return;
    }
    let fallback = false;
    // The step's own view of the transaction: its FALLBACK takes it out of the batch, not the batch down.
    const own: HotTransaction = {
      run: (statement, values) => tx.run(statement, values),
      abandon: () => {
        fallback = true;
      },
      commitWith: () => {
        throw new Error('contact step batch: a step cannot add to the batch COMMIT');
      },
    };
    let leaving = true; // until the step says otherwise: every way out tells the gate
    try {
      const step: HotStep = {
        tenantId,
        contactId: attempt.waiting.item.contactId,
        now: () => at,
        statements,
        engine: this.engine,
        outbox: attempt.outbox,
        noteHead: (id, kind) => {
          attempt.head = { id, kind };
        },
        inline: attempt.waiting.item.inline,
        gate: () => {
          decide(false);
          return gate.opened;
        },
      };
      const value = await applyLockedHot(own, step, [row]);
      leaving = fallback;
      attempt.outcome = fallback ? { kind: 'fallback' } : { kind: 'done', value };
    } catch (error) {
      // The connection is gone: the whole batch fails (hotTenantTransaction discards it).
      if (isConnectionError(error)) throw error;
      // Stopped at the gate for another step, or a statement sent after another step's failed one
      // (25P02): not this step's fault, it is applied again.
      // A gathered statement's failure is no step's own either (see write).
      const gatheredFailed = error instanceof GatheredStatementError;
      const again =
        gatheredFailed ||
        error instanceof StepLeftError ||
        (error as { code?: unknown })?.code === IN_FAILED_TRANSACTION;
      if (gatheredFailed) attempt.gatheredFailed = true;
      leaving = !again;
      attempt.outcome = again ? { kind: 'again' } : { kind: 'error', error };
    } finally {
      decide(leaving);
    }
  }
}

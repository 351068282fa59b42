import type { OutboundMessage } from '@leadline/flow-core';
import { isProviderError } from '@leadline/whatsapp';
import type { Pool } from 'pg';
import type { AnswerRecorder } from './answer-batch';
import { tenantSettingsBy } from './lookup-cache';
import { markAsReadEnabled, tellProviderRead, type UnreadInbound } from './mark-read';
import type { OutboxRow } from './outbox-relay';
import { RetryLaterError } from './retry-later.error';
import type { SendBudget } from './send-budget';
import { countSend, handleProviderError, noticeOf, recordAnswerSurely, type SendDeps } from './send-messages';
import { runHot } from './sql/hot-sql';
import { RELEASE_INLINE_CLAIM, TENANT_SETTINGS } from './sql/hot-statements';

/**
 * Issue 21, fourth round: the contact job sends a step's messages itself, right after the commit that
 * stored them, instead of a send job claiming them in a second transaction.
 *
 * How each guarantee holds:
 * - Exactly once: the step's own transaction (PERSIST_STEP, $26) stores the messages already claimed
 *   (`send_attempted_at`), exactly as the send claim would mark them; a send job that meets them
 *   (the sweeper's, after a crash) reads the mark and waits RECONCILE_MS for the status webhook
 *   before sending again: the reconcile rule of send-messages.ts, unchanged.
 * - Order: nothing is claimed while an earlier message of the run still waits (the statement checks),
 *   and the contact job sends before it applies the contact's next event.
 * - Rate: the number's rate and the recipient's pair rate are taken (send-budget.ts, the buckets
 *   the send worker takes from too) before the step's statement; a bucket that is short means no
 *   claim, and the send job sends at the rate the buckets allow.
 * - Crash: the outbox row is committed with the step and deleted only with the provider's answer
 *   (answer-batch.ts: one statement for the answers of the sends that finished together; the row's
 *   work is then done, see sql/answer-statements.ts). A worker that dies after COMMIT, before or
 *   while sending, leaves it unpublished: the sweeper publishes it (sweeper.ts, after
 *   STALE_AFTER_MS) and its send job sends what is still queued (after RECONCILE_MS for what was
 *   marked).
 * - Anything unusual (a template to check, media, a provider's refusal, an error) goes to the send job
 *   as before: its claims released when the provider was not called, the outbox row published.
 */

/** What the inline send needs, read by the step's statement (PERSIST_STEP) when it claimed. */
export interface InlineClaim {
  /** The claim's mark (`send_attempted_at`), to release exactly it. */
  at: Date;
  contactId: string;
  conversationId: string;
  runId: string;
  phone: string;
  /** In order; `idempotencyKey` is the core's effect id (a refusal tells the run by it). */
  messages: Array<{ id: string; idempotencyKey: string; body: OutboundMessage }>;
  channel: {
    id: string;
    provider: 'meta' | 'twilio' | 'sandbox';
    phoneNumberId: string;
    wabaId: string | null;
    encryptedCredentials: Uint8Array | null;
  };
  unreadInbound: UnreadInbound | null;
}

/** An outbox row whose messages the contact job claimed for its own send. */
export type InlineOutboxRow = OutboxRow & { inline: InlineClaim };

/** Session messages with nothing to check or upload first; the rest keeps the send job's path. */
const INLINE_TYPES = new Set<OutboundMessage['type']>(['text', 'interactive']);

/** The part the hot path asks before its step's statement (hot-apply.ts). */
export interface InlineReserver {
  /** The claim's time when the step's messages may be sent inline (their rate taken), else null. */
  reserve(channelId: string, phone: string, messages: readonly OutboundMessage[]): Promise<Date | null>;
  /** The channel's provider, as the step's statement read it (the sandbox is not pair-paced). */
  learn(channelId: string, provider: string): void;
}

/**
 * One step's reservation across the attempts of its batch (contact-step-batch.ts): the rate is taken
 * after the batch's gate, so a step is rolled back after taking it only when a statement fails
 * later (the batch's gathered write, or another step's, which aborts the shared transaction: 25P02). Applied again, the step asks
 * for the same sends: it gets the rate it already took (the same claim, its time and its tokens), not a
 * second take from the buckets. Only a granted take is kept: a short one took nothing. A step
 * that leaves the batch still loses its tokens (applied on its own, it takes again): rare, and
 * never more than before (the number and the pair then sent less than their rate, not more).
 */
export class OnceReserved implements InlineReserver {
  private granted?: { key: string; at: Date };

  constructor(private readonly inner: InlineReserver) {}

  learn(channelId: string, provider: string): void {
    this.inner.learn(channelId, provider);
  }

  async reserve(
    channelId: string,
    phone: string,
    messages: readonly OutboundMessage[],
  ): Promise<Date | null> {
    const key = `${channelId}\n${phone}\n${messages.length}`;
    if (this.granted?.key === key) return this.granted.at;
    const at = await this.inner.reserve(channelId, phone, messages);
    this.granted = at ? { key, at } : undefined;
    return at;
  }
}

export interface InlineSenderDeps extends SendDeps {
  budget: SendBudget;
  pool: Pool;
  /** Publishes outbox rows as the contact job does without inline sends (outbox-relay.ts). */
  publish: (tenantId: string, rows: OutboxRow[]) => Promise<unknown>;
  /** Records answers (with their outbox rows and read marks) by group commit (answer-batch.ts). */
  answers: AnswerRecorder;
}

export class InlineSender implements InlineReserver {
  /** Each channel's provider, learnt from claims: unknown counts as paced (the safe side). */
  private readonly providers = new Map<string, string>();

  constructor(private readonly deps: InlineSenderDeps) {}

  learn(channelId: string, provider: string): void {
    this.providers.set(channelId, provider);
  }

  async reserve(
    channelId: string,
    phone: string,
    messages: readonly OutboundMessage[],
  ): Promise<Date | null> {
    if (!messages.length || !messages.every((message) => INLINE_TYPES.has(message.type))) return null;
    const recipient = this.providers.get(channelId) === 'sandbox' ? null : phone;
    try {
      const answer = await this.deps.budget.take(channelId, recipient, messages.length);
      // Short: the send job takes the same buckets when they allow (the tokens are not taken here).
      return answer.waitMs === 0 ? this.deps.clock.now() : null;
    } catch {
      return null; // Redis unreachable: the send job's path, which retries
    }
  }

  /**
   * Sends a committed step's claimed messages in order, then records the answers and deletes the
   * outbox row in one statement. What cannot go on here goes to the send job (fallBack).
   */
  async send(tenantId: string, row: InlineOutboxRow): Promise<void> {
    // Counted while under way: the answers' batch waits for a send that may still record, not for none.
    const ended = this.deps.answers.enter();
    try {
      await this.sendCounted(tenantId, row);
    } finally {
      ended();
    }
  }

  private async sendCounted(tenantId: string, row: InlineOutboxRow): Promise<void> {
    const { deps } = this;
    const claim = row.inline;
    const provider = deps.providers(claim.channel);
    const answered: Array<{ id: string; providerMessageId: string; at: Date }> = [];
    for (const [index, message] of claim.messages.entries()) {
      const stopTimer = deps.metrics?.sendSeconds.startTimer({ provider: claim.channel.provider });
      try {
        const { providerMessageId } = await provider.send(claim.phone, message.body, {
          idempotencyKey: message.id,
          attempt: 0,
        });
        stopTimer?.();
        countSend(deps, claim.channel.provider, 'sent');
        answered.push({ id: message.id, providerMessageId, at: deps.clock.now() });
      } catch (error) {
        stopTimer?.();
        const later = claim.messages.slice(index + 1).map((m) => m.id);
        if (!isProviderError(error)) {
          // The send's fate is unknown: its mark stays (reconciled by the send job), the rest released.
          await this.fallBack(tenantId, row, answered, later);
          throw error;
        }
        try {
          // A refusal fails the message and tells its run, as the send job does; the next one goes on.
          await handleProviderError(
            deps,
            tenantId,
            {
              id: message.id,
              idempotencyKey: message.idempotencyKey,
              contactId: claim.contactId,
              conversationId: claim.conversationId,
              runId: claim.runId,
              provider: claim.channel.provider,
            },
            error,
          );
        } catch (retry) {
          if (!(retry instanceof RetryLaterError)) throw retry;
          // Retryable: the send job retries with its backoff (a definite refusal cleared its mark).
          return this.fallBack(tenantId, row, answered, later);
        }
      }
    }
    // The read receipt goes to the provider before the answer is recorded, so that the answer and
    // the read mark are one item of one statement (answer-batch.ts): the answer waits for one more
    // provider call, and a crash meanwhile is the crash before the record (recovered as before).
    let read: { bound: Date; at: Date } | null = null;
    let unheard: unknown;
    if (answered.length && claim.unreadInbound) {
      try {
        const settings = await tenantSettingsBy(
          tenantId,
          async () => (await runHot(deps.pool, TENANT_SETTINGS, [tenantId]))[0]?.settings,
        );
        const bound = markAsReadEnabled(settings) ? await tellProviderRead(claim, provider) : null;
        if (bound) read = { bound, at: deps.clock.now() };
      } catch (error) {
        unheard = error; // not marked read; reported once the answer is recorded
      }
    }
    await recordSurely(() =>
      deps.answers.record({
        tenantId,
        outboxId: String(row.id),
        conversationId: claim.conversationId,
        answers: answered,
        read,
      }),
    );
    for (const _ of answered) deps.notify?.(tenantId, noticeOf(claim));
    if (unheard !== undefined) throw unheard;
  }

  /**
   * To the send job: the answers so far recorded, the claims of messages the provider never saw
   * released (so the job sends them at once, not after RECONCILE_MS), then the outbox row published
   * as the contact job publishes any other (if that fails, the sweeper publishes it).
   */
  private async fallBack(
    tenantId: string,
    row: InlineOutboxRow,
    answered: Array<{ id: string; providerMessageId: string }>,
    unsent: string[],
  ): Promise<void> {
    const { deps } = this;
    for (const answer of answered) {
      await recordAnswerSurely(deps, tenantId, answer.id, answer.providerMessageId);
      deps.notify?.(tenantId, noticeOf(row.inline));
    }
    if (unsent.length) await runHot(deps.pool, RELEASE_INLINE_CLAIM, [unsent, row.inline.at, tenantId]);
    const { inline: _inline, ...plain } = row;
    await deps.publish(tenantId, [plain]);
  }
}

/** Waits between tries to record the answers: the provider has the messages (see recordAnswerSurely). */
const RECORD_BACKOFF_MS = [250, 1_000, 3_000, 8_000, 15_000];

async function recordSurely(write: () => Promise<unknown>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await write();
      return;
    } catch (error) {
      const waitMs = RECORD_BACKOFF_MS[attempt];
      if (waitMs === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

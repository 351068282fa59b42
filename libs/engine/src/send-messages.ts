import { pgPoolOf, withTenant, type PrismaClient } from '@leadline/database';
import type { OutboundMessage } from '@leadline/flow-core';
import type { EngineMetrics } from '@leadline/ops';
import { isProviderError, type ProviderError } from '@leadline/whatsapp';
import { dedupeKeys } from './contact-event-payloads';
import { appendContactEvent } from './contact-events';
import type { Clock, ProviderFactory } from './engine-ports';
import { recordMessageFailed } from './outbound-events';
import type { InboxNotice, InboxNotifier } from './inbox-events';
import { tenantSettingsBy } from './lookup-cache';
import { markAnsweredRead, markAsReadEnabled, UNREAD_INBOUND_LATERAL } from './mark-read';
import { RecipientPacedError, type RecipientPacer } from './recipient-pacer';
import { RetryLaterError } from './retry-later.error';
import { ChannelRateLimitedError, type SendBudget } from './send-budget';
import { hotTenantTransaction, runHot, type HotStatement } from './sql/hot-sql';
import {
  claimStatement,
  markAttemptedSql,
  RECORD_ANSWER,
  TEMPLATE_FOR_SEND,
  TENANT_SETTINGS,
} from './sql/hot-statements';

/**
 * How long an interrupted send waits for its status webhook before it is sent again. A worker that
 * died between the provider's answer and our commit leaves a message "attempted" but unconfirmed;
 * Meta then reports it within seconds (it echoes our id), so we wait rather than send twice.
 */
export const RECONCILE_MS = 60_000;

/** Idempotency keys of campaign messages (libs/campaigns dispatch-batch.ts writes them). */
export const CAMPAIGN_KEY_PREFIX = 'campaign:';

export interface SendDeps {
  prisma: PrismaClient;
  providers: ProviderFactory;
  clock: Clock;
  wake: (tenantId: string, contactId: string) => Promise<void>;
  /** RECONCILE_MS unless set (tests shorten it). */
  reconcileMs?: number;
  /** Paces each recipient to WhatsApp's pair rate before a send reaches the provider. */
  pacer?: RecipientPacer;
  /**
   * The number's rate and the recipient's pair rate in one take (send-budget.ts), shared with the
   * contact job's inline sends; replaces `pacer` when set.
   */
  budget?: SendBudget;
  /** Tells open inboxes a message was sent or failed (after commit; see inbox-events.ts). */
  notify?: InboxNotifier;
  /** Counts sends by provider, status and error code (none in tests that do not look). */
  metrics?: EngineMetrics;
}

/** One send's outcome in the metrics; error codes are the provider's or ours (a bounded set). */
export function countSend(
  deps: SendDeps,
  provider: string,
  status: 'sent' | 'failed' | 'retry',
  code = '',
): void {
  deps.metrics?.messagesSent.inc({ provider, status, error_code: code });
}

export function noticeOf(message: { contactId: string; conversationId?: string }): InboxNotice {
  return { kind: 'status', contactId: message.contactId, conversationId: message.conversationId ?? null };
}

type Refusal = { code: string; message: string; windowClosed: boolean };

/** Sends a transition's messages in order; each one at most once unless its fate is unknown for long. */
export async function sendMessages(
  deps: SendDeps,
  job: { tenantId: string; messageIds: string[] },
  attempt: number,
): Promise<void> {
  for (const messageId of job.messageIds) await sendOne(deps, job.tenantId, messageId, attempt);
}

type ClaimRow = typeof CLAIM extends HotStatement<infer R> ? R : never;

/** The claim statement's row, as the send path uses it. */
function claimOf(row: ClaimRow) {
  return {
    id: row.id,
    contactId: row.contact_id,
    conversationId: row.conversation_id,
    channelId: row.channel_id,
    runId: row.run_id,
    idempotencyKey: row.idempotency_key,
    templateName: row.template_name,
    status: row.status,
    body: row.body,
    sendAttemptedAt: row.send_attempted_at,
    createdAt: row.created_at,
    earlierQueued: row.earlier_queued,
    /** What the answer marks read once the provider took it (mark-read.ts). */
    unreadInbound:
      row.unread_provider_id && row.unread_created_at
        ? { providerMessageId: row.unread_provider_id, createdAt: row.unread_created_at }
        : null,
    contact: { phone: row.phone, optInState: row.opt_in_state },
    channel: {
      id: row.channel_id,
      provider: row.provider,
      phoneNumberId: row.phone_number_id,
      wabaId: row.waba_id,
      encryptedCredentials: row.encrypted_credentials,
    },
  };
}

type Claimed = ReturnType<typeof claimOf>;

/** The claim's reads and its one write, on the claim's connection. */
interface ClaimOps {
  template(channelId: string, name: string, language: string): Promise<TemplateRow | null>;
  settings(): Promise<unknown>;
  /** "An attempt may have reached the provider": the last write before the claim commits. */
  markAttempted(now: Date): Promise<void>;
}

interface TemplateRow {
  status: string;
  category: string;
  providerTemplateId: string | null;
}

/**
 * Decides the claim of a locked message: skip it, wait (RetryLaterError, RecipientPacedError: the
 * transaction rolls back), refuse it, or mark it attempted and hand it to the provider.
 */
async function decideClaim(
  deps: SendDeps,
  messageId: string,
  attempt: number,
  message: Claimed | undefined,
  ops: ClaimOps,
) {
  if (!message || message.status !== 'queued') return { skip: true as const };
  const now = deps.clock.now();
  const reconcileMs = deps.reconcileMs ?? RECONCILE_MS;
  if (message.sendAttemptedAt && now.getTime() - message.sendAttemptedAt.getTime() < reconcileMs) {
    throw new RetryLaterError(
      `message ${messageId}: an earlier attempt may have reached the provider`,
      reconcileMs,
    );
  }
  if (message.earlierQueued) {
    throw new RetryLaterError(
      `message ${messageId}: an earlier message of its run is not sent yet`,
      Math.min(30_000, 250 * 2 ** attempt),
    );
  }
  const body = message.body as unknown as OutboundMessage & { nodeId?: string };
  const checked = await checkTemplate(ops, message.channelId, body, message.contact);
  if (checked && 'refusal' in checked) return { skip: false as const, refusal: checked.refusal, message };
  // Taken last, when nothing else can stop the send: a refused template costs no allowance. When
  // the recipient has none left, the transaction rolls back and the job waits (its run's later
  // messages wait behind it, so order holds).
  if (deps.budget) {
    const recipient = message.channel.provider === 'sandbox' ? null : message.contact.phone;
    const answer = await deps.budget.take(message.channelId, recipient, 1);
    if ('limitedBy' in answer && answer.limitedBy === 'channel')
      throw new ChannelRateLimitedError(messageId, answer.waitMs);
    if ('limitedBy' in answer) throw new RecipientPacedError(messageId, answer.waitMs);
  } else if (deps.pacer && message.channel.provider !== 'sandbox') {
    const waitMs = await deps.pacer.take(message.channelId, message.contact.phone);
    if (waitMs > 0) throw new RecipientPacedError(messageId, waitMs);
  }
  // The workspace's read-receipt policy, read here (cached) rather than in a transaction of its own.
  if (!markAsReadEnabled(await ops.settings())) message.unreadInbound = null;
  await ops.markAttempted(now);
  return { skip: false as const, message, body, providerTemplateId: checked?.providerTemplateId };
}

const CLAIM = claimStatement(UNREAD_INBOUND_LATERAL);

/**
 * The claim transaction, on plain SQL (sql/hot-sql.ts; the one claim statement, CLAIM, shared with
 * nothing else): three round trips (BEGIN + scope; the claim, prepared; the attempt mark sent with
 * COMMIT). Two runs of one send (a job taken over while its worker still works) must not both claim
 * it: the row lock makes the second read the first one's mark and back off.
 */
async function claimForSend(deps: SendDeps, tenantId: string, messageId: string, attempt: number) {
  const pool = requirePool(deps);
  return hotTenantTransaction(pool, tenantId, [], async (tx) => {
    const [row] = await tx.run(CLAIM, [messageId, tenantId]);
    return decideClaim(deps, messageId, attempt, row ? claimOf(row) : undefined, {
      template: async (channelId, name, language) => {
        const [template] = await tx.run(TEMPLATE_FOR_SEND, [channelId, name, language]);
        return template
          ? {
              status: template.status,
              category: template.category,
              providerTemplateId: template.provider_template_id,
            }
          : null;
      },
      settings: () =>
        tenantSettingsBy(tenantId, async () => (await tx.run(TENANT_SETTINGS, [tenantId]))[0]?.settings),
      markAttempted: async (now) => tx.commitWith(markAttemptedSql(messageId, now)),
    });
  });
}

/** The send path runs on the Prisma client's own pg pool (createPrismaClient makes every client so). */
function requirePool(deps: SendDeps) {
  const pool = pgPoolOf(deps.prisma);
  if (!pool) throw new Error('the send path needs a Prisma client made by createPrismaClient (its pg pool)');
  return pool;
}

async function sendOne(deps: SendDeps, tenantId: string, messageId: string, attempt: number): Promise<void> {
  const claim = await claimForSend(deps, tenantId, messageId, attempt);
  if (claim.skip) return;
  const { message } = claim;
  const providerName = message.channel.provider;
  if ('refusal' in claim && claim.refusal) {
    countSend(deps, providerName, 'failed', claim.refusal.code);
    return fail(deps, tenantId, message, claim.refusal);
  }
  const { nodeId: _nodeId, ...outbound } = claim.body as OutboundMessage & { nodeId?: string };
  const provider = deps.providers(message.channel);
  const stopTimer = deps.metrics?.sendSeconds.startTimer({ provider: providerName });
  try {
    const { providerMessageId } = await provider.send(message.contact.phone, outbound as OutboundMessage, {
      idempotencyKey: message.id,
      attempt,
      ...(claim.providerTemplateId ? { providerTemplateId: claim.providerTemplateId } : {}),
    });
    stopTimer?.();
    countSend(deps, providerName, 'sent');
    await recordAnswerSurely(deps, tenantId, messageId, providerMessageId);
    deps.notify?.(tenantId, noticeOf(message));
  } catch (error) {
    stopTimer?.();
    if (!isProviderError(error)) throw error;
    return handleProviderError(deps, tenantId, { ...message, provider: providerName }, error);
  }
  await markAnsweredRead(deps, tenantId, message, provider);
}

/** Waits between tries to record a provider's answer: about half a minute in all. */
const RECORD_ANSWER_BACKOFF_MS = [250, 1_000, 3_000, 8_000, 15_000];

/**
 * The provider has the message: losing that knowledge to a passing database error (a busy pool, a
 * restart) would leave the send "in doubt" and, without a status webhook naming it, sent again after
 * RECONCILE_MS. So the answer is recorded again here, in this process, before giving up to the job's
 * retry and the reconciliation path.
 */
export async function recordAnswerSurely(
  deps: SendDeps,
  tenantId: string,
  messageId: string,
  providerMessageId: string,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await recordAnswer(deps, tenantId, messageId, providerMessageId);
    } catch (error) {
      const waitMs = RECORD_ANSWER_BACKOFF_MS[attempt];
      if (waitMs === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/**
 * The provider accepted the message. Its status webhooks can overtake this answer (they find the row
 * by the id we sent along), so a row that already moved on keeps its status: only "queued" becomes
 * "sent", and nothing it recorded is overwritten.
 */
async function recordAnswer(
  deps: SendDeps,
  tenantId: string,
  messageId: string,
  providerMessageId: string,
): Promise<void> {
  const now = deps.clock.now();
  // One statement, outside a transaction: the row is the one this worker has just claimed in a
  // tenant-scoped transaction (its tenant is named too). "queued" becomes "sent" with the provider's
  // id and time; a row a status webhook already moved on only gains what it still lacks.
  await runHot(requirePool(deps), RECORD_ANSWER, [providerMessageId, now, messageId, tenantId]);
}

export async function handleProviderError(
  deps: SendDeps,
  tenantId: string,
  message: {
    id: string;
    contactId: string;
    conversationId?: string;
    runId: string | null;
    idempotencyKey: string | null;
    provider: string;
  },
  error: ProviderError,
): Promise<void> {
  const { kind, retryAfterMs } = error.classification;
  const answered = error.httpStatus !== undefined;
  const code = String(error.code ?? kind);
  // Meta's per-user marketing cap (131049) on a campaign message: retrying in a day would send the
  // offer late and extend the block, so the refusal is recorded on the recipient and stands.
  if (String(error.code) === '131049' && message.idempotencyKey?.startsWith(CAMPAIGN_KEY_PREFIX)) {
    countSend(deps, message.provider, 'failed', code);
    return fail(deps, tenantId, message, { code: '131049', message: error.message, windowClosed: false });
  }
  if (kind === 'retryable' || kind === 'rate_limited_recipient') {
    countSend(deps, message.provider, 'retry', code);
    // A definite refusal (an HTTP answer) means nothing was sent: the next attempt may go at once.
    // A timeout or a broken answer leaves the send in doubt: keep the mark and reconcile first.
    if (answered) {
      await withTenant(deps.prisma, tenantId, (tx) =>
        tx.message.update({ where: { id: message.id }, data: { sendAttemptedAt: null } }),
      );
    }
    throw new RetryLaterError(
      `send ${message.id}: ${error.message}`,
      answered ? (retryAfterMs ?? 1_000) : (deps.reconcileMs ?? RECONCILE_MS),
    );
  }
  countSend(deps, message.provider, 'failed', code);
  if (kind === 'window_closed') deps.metrics?.windowClosedRefusals.inc({ provider: message.provider });
  return fail(deps, tenantId, message, {
    code,
    message: error.message,
    windowClosed: kind === 'window_closed',
  });
}

/** Error code on a message whose send job used up its attempts (retryable errors all along). */
export const SEND_ATTEMPTS_EXHAUSTED = 'SEND_ATTEMPTS_EXHAUSTED';

/**
 * The send job's last attempt failed: every message of it still queued is marked failed and its run
 * told, as for a permanent refusal (the core then fails the run with SEND_FAILED, or takes the step's
 * failure path), instead of staying queued with nobody to send it. A send whose fate was in doubt is
 * given up too; should its status webhook still report it delivered, statuses only move forward and
 * the failure stands.
 */
export async function giveUpSends(
  deps: SendDeps,
  job: { tenantId: string; messageIds: string[] },
  attempts: number,
  lastError: unknown,
): Promise<number> {
  const queued = await withTenant(deps.prisma, job.tenantId, (tx) =>
    tx.message.findMany({
      where: { id: { in: job.messageIds }, status: 'queued' },
      select: {
        id: true,
        contactId: true,
        conversationId: true,
        runId: true,
        idempotencyKey: true,
        channel: { select: { provider: true } },
      },
    }),
  );
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  for (const message of queued) {
    countSend(deps, message.channel.provider, 'failed', SEND_ATTEMPTS_EXHAUSTED);
    await fail(deps, job.tenantId, message, {
      code: SEND_ATTEMPTS_EXHAUSTED,
      message: `Gave up after ${attempts} attempts; the last one failed with: ${reason}`,
      windowClosed: false,
    });
  }
  return queued.length;
}

/** Records the refusal on the message and tells the run (131047/63016 make it fall back to a template). */
async function fail(
  deps: SendDeps,
  tenantId: string,
  message: {
    id: string;
    contactId: string;
    conversationId?: string;
    runId: string | null;
    idempotencyKey: string | null;
  },
  refusal: Refusal,
): Promise<void> {
  const now = deps.clock.now();
  await withTenant(deps.prisma, tenantId, async (tx) => {
    await tx.message.update({
      where: { id: message.id },
      data: {
        status: 'failed',
        failedAt: now,
        errorCode: refusal.code,
        errorMessage: refusal.message.slice(0, 500),
      },
    });
    await recordMessageFailed(
      tx,
      tenantId,
      message,
      { code: refusal.code, error: refusal.message, windowClosed: refusal.windowClosed },
      now,
    );
    if (!message.runId || !message.idempotencyKey) return;
    await appendContactEvent(tx, {
      tenantId,
      contactId: message.contactId,
      kind: 'status',
      payload: {
        runId: message.runId,
        effectId: message.idempotencyKey,
        reason: refusal.windowClosed ? 'window_closed' : 'permanent',
        code: refusal.code,
        message: refusal.message,
      },
      dedupeKey: dedupeKeys.sendFailed(message.id),
      occurredAt: now,
    });
  });
  deps.notify?.(tenantId, noticeOf(message));
  await deps.wake(tenantId, message.contactId);
}

/**
 * Only approved templates are sent, and marketing templates never go to opted-out contacts or to +1
 * numbers (Meta does not deliver them): refused here, before the provider is called. An approved
 * template gives its provider id along (Twilio sends by ContentSid).
 */
async function checkTemplate(
  ops: Pick<ClaimOps, 'template'>,
  channelId: string,
  body: OutboundMessage,
  contact: { phone: string; optInState: string },
): Promise<{ refusal: Refusal } | { providerTemplateId?: string } | undefined> {
  if (body.type !== 'template') return undefined;
  const checked = await approvedTemplate(ops, channelId, body.template, contact);
  if ('code' in checked) return { refusal: checked };
  return checked.providerTemplateId ? { providerTemplateId: checked.providerTemplateId } : {};
}

async function approvedTemplate(
  ops: Pick<ClaimOps, 'template'>,
  channelId: string,
  { name, language }: { name: string; language: string },
  contact: { phone: string; optInState: string },
): Promise<Refusal | { providerTemplateId: string | null }> {
  const template = await ops.template(channelId, name, language);
  if (!template) {
    return {
      code: 'TEMPLATE_UNKNOWN',
      message: `Template "${name}" (${language}) is not known on this channel; sync templates.`,
      windowClosed: false,
    };
  }
  if (template.status !== 'approved') {
    return {
      code: 'TEMPLATE_NOT_APPROVED',
      message: `Template "${name}" (${language}) is ${template.status}, not approved.`,
      windowClosed: false,
    };
  }
  if (template.category === 'marketing' && contact.optInState === 'opted_out') {
    return {
      code: 'OPTED_OUT',
      message: 'The contact opted out of marketing messages.',
      windowClosed: false,
    };
  }
  if (template.category === 'marketing' && contact.phone.startsWith('+1')) {
    return {
      code: 'MARKETING_TO_US',
      message: 'Meta does not deliver marketing templates to +1 numbers.',
      windowClosed: false,
    };
  }
  return { providerTemplateId: template.providerTemplateId };
}

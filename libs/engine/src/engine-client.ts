import { withTenant, type PrismaClient } from '@leadline/database';
import type { ChannelEvent } from '@leadline/whatsapp';
import { dedupeKeys } from './contact-event-payloads';
import { appendContactEvent } from './contact-events';
import type { Clock, JobQueue } from './engine-ports';
import type { ContactWake, FlowEngineClient, RunControlAction } from './flow-engine';
import { IngestBatcher, type IngestBatchOptions } from './ingest-batch';
import { ingestChannelEvent, type ChannelScope, type IngestOutcome } from './ingest-channel-event';
import type { InboxNotifier } from './inbox-events';
import { recordLeadCaptured } from './outbound-events';
import { wakeContact, wakeContactList, type ContactRef } from './wake';

export interface LeadInput {
  tenantId: string;
  flowKey: string;
  phone: string;
  name?: string;
  fields?: Record<string, unknown>;
  /** Idempotency: the same key within a tenant starts one run, however often it is retried. */
  requestKey?: string;
}

export class UnknownFlowError extends Error {}
export class NoChannelError extends Error {}

/**
 * What the API uses to hand work to the engine: record it durably first (so a 200 never loses
 * anything), then wake a worker. A failed wake is not an error: the sweeper finds the work.
 */
export class EngineClient implements FlowEngineClient {
  private readonly wake: ContactWake;
  /** Wakes several contacts at once: one BullMQ job naming them for the embedded engine (wake.ts). */
  private readonly wakeMany: (contacts: readonly ContactRef[]) => Promise<void>;
  private readonly batcher: IngestBatcher | undefined;

  /** `queue` wakes an embedded worker; a function instead hands the contact's inbox to another engine. */
  constructor(
    private readonly prisma: PrismaClient,
    queue: JobQueue | ContactWake,
    private readonly clock: Clock,
    private readonly onWakeError: (error: unknown) => void = () => undefined,
    /** Tells open inboxes about what an ingest committed (see inbox-events.ts). */
    private readonly notify?: InboxNotifier,
    /**
     * Group commit for ingest (ingest-batch.ts): the API's webhooks share one transaction every few
     * ms. Off, each event has its own transaction (tests, the CLI).
     */
    groupCommit?: IngestBatchOptions,
  ) {
    const wake = typeof queue === 'function' ? queue : wakeContact(queue);
    this.wake = wake;
    this.wakeMany =
      typeof queue === 'function'
        ? async (contacts) => {
            await Promise.all(contacts.map((contact) => wake(contact.tenantId, contact.contactId)));
          }
        : wakeContactList(queue);
    this.batcher = groupCommit
      ? new IngestBatcher(prisma, groupCommit, (outcomes) => this.afterIngest(outcomes))
      : undefined;
  }

  /** Writes what group commit still holds (before the database connection closes). */
  async flush(): Promise<void> {
    await this.batcher?.flush();
  }

  async ingest(event: ChannelEvent, scope?: ChannelScope): Promise<IngestOutcome> {
    // The batcher runs afterIngest once per committed batch, after it answered the batch's callers.
    if (this.batcher) return this.batcher.ingest(event, scope);
    const outcome = await ingestChannelEvent(this.prisma, event, scope);
    await this.afterIngest([outcome]);
    return outcome;
  }

  /** Tells inboxes what was committed and wakes the contacts with accepted events (never rejects). */
  private async afterIngest(outcomes: readonly IngestOutcome[]): Promise<void> {
    const woken: ContactRef[] = [];
    for (const outcome of outcomes) {
      if ('notice' in outcome && outcome.notice && this.notify) {
        const { tenantId, ...notice } = outcome.notice;
        this.notify(tenantId, notice);
      }
      if (outcome.outcome === 'accepted')
        woken.push({ tenantId: outcome.tenantId, contactId: outcome.contactId });
    }
    if (woken.length) await this.wakeMany(woken).catch(this.onWakeError);
  }

  async submitLead(input: LeadInput): Promise<{ contactId: string; accepted: boolean }> {
    const result = await withTenant(this.prisma, input.tenantId, async (tx) => {
      const flow = await tx.flow.findFirst({
        where: { key: input.flowKey, archivedAt: null, activeVersionId: { not: null } },
      });
      if (!flow) throw new UnknownFlowError(`No published flow "${input.flowKey}" in this workspace.`);
      const channel = await tx.channel.findFirst({
        where: { status: 'active' },
        orderBy: { createdAt: 'asc' },
      });
      if (!channel)
        throw new NoChannelError('This workspace has no active WhatsApp channel to reach the lead on.');
      const existing = await tx.contact.findUnique({
        where: { tenantId_phone: { tenantId: input.tenantId, phone: input.phone } },
      });
      const fields = { ...((existing?.fields as Record<string, unknown>) ?? {}), ...(input.fields ?? {}) };
      const contact = existing
        ? await tx.contact.update({
            where: { id: existing.id },
            data: { fields: fields as object, ...(input.name && !existing.name ? { name: input.name } : {}) },
          })
        : await tx.contact.create({
            data: {
              tenantId: input.tenantId,
              phone: input.phone,
              name: input.name ?? null,
              fields: fields as object,
            },
          });
      const eventId = await appendContactEvent(tx, {
        tenantId: input.tenantId,
        contactId: contact.id,
        kind: 'lead',
        payload: { flowKey: input.flowKey, channelId: channel.id },
        ...(input.requestKey ? { dedupeKey: dedupeKeys.lead(input.requestKey) } : {}),
        occurredAt: this.clock.now(),
      });
      if (eventId !== null) {
        await recordLeadCaptured(
          tx,
          { tenantId: input.tenantId, contactId: contact.id, flowKey: input.flowKey },
          this.clock.now(),
        );
      }
      return { contactId: contact.id, accepted: eventId !== null };
    });
    await this.wake(input.tenantId, result.contactId).catch(this.onWakeError);
    return result;
  }

  async control(tenantId: string, runId: string, action: RunControlAction): Promise<boolean> {
    const contactId = await withTenant(this.prisma, tenantId, async (tx) => {
      const run = await tx.flowRun.findUnique({ where: { id: runId }, select: { contactId: true } });
      if (!run) return null;
      await appendContactEvent(tx, {
        tenantId,
        contactId: run.contactId,
        kind: 'control',
        payload: { ...action, runId },
        occurredAt: this.clock.now(),
      });
      return run.contactId;
    });
    if (!contactId) return false;
    await this.wake(tenantId, contactId).catch(this.onWakeError);
    return true;
  }
}

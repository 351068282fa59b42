import { ConflictException, Injectable } from '@nestjs/common';
import { isUuid, withTenant, type PrismaClient, type TenantTransaction } from '@leadline/database';
import { queueAgentMessage, type AgentOutbound, type Clock, type InboxNotifier } from '@leadline/engine';
import type { Logger } from 'pino';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { InjectClock } from '../clock/clock.module';
import { InjectPrisma, InjectRootLogger } from '@leadline/bootstrap';
import {
  InjectInboxNotifier,
  InjectOutboxPublisher,
  type OutboxPublisher,
} from '../engine/engine-client.module';
import { notFound } from '../errors/not-found';

export interface QueuedMessage {
  id: string;
  status: 'queued';
  /** When the contact's 24-hour window closes unless they write again (null: it is closed). */
  windowClosesAt: string | null;
}

/** What the audit log keeps of a person's message: never its text, only what kind and how long. */
function auditSummary(message: AgentOutbound): Record<string, unknown> {
  switch (message.type) {
    case 'text':
      return { length: message.text.length };
    case 'template':
      return { type: 'template', template: message.template.name, language: message.template.language };
    case 'document':
      return { type: 'document', documentId: message.documentId };
    case 'media':
      return { type: 'media', kind: message.media.kind };
  }
}

/**
 * The one way a person's message reaches a contact: recorded with its outbox entry in one tenant
 * transaction (queueAgentMessage), then handed to the engine's send job, like the bot's messages.
 * Session messages need an open 24-hour window (409 WINDOW_CLOSED); templates do not.
 */
@Injectable()
export class AgentMessagesService {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
    @InjectOutboxPublisher() private readonly publishOutbox: OutboxPublisher,
    @InjectInboxNotifier() private readonly notify: InboxNotifier,
    @InjectClock() private readonly clock: Clock,
    @InjectRootLogger() private readonly logger: Logger,
  ) {}

  /**
   * `withMessage` runs in the same transaction once the message row exists (an attachment keeps its
   * file there): the file and the message commit together or not at all.
   */
  async send(
    principal: Principal,
    conversationId: string,
    message: AgentOutbound,
    withMessage?: (tx: TenantTransaction, queued: { messageId: string; contactId: string }) => Promise<void>,
  ): Promise<QueuedMessage> {
    if (!isUuid(conversationId)) throw notFound('conversation', conversationId);
    const outcome = await withTenant(this.prisma, principal.tenantId, async (tx) => {
      const queued = await queueAgentMessage(
        tx,
        {
          tenantId: principal.tenantId,
          conversationId,
          message,
          author: principal.userId ? { userId: principal.userId } : { apiKeyId: principal.apiKeyId },
        },
        this.clock.now(),
      );
      if (queued.outcome === 'queued' && withMessage) {
        const row = await tx.message.findUniqueOrThrow({
          where: { id: queued.messageId },
          select: { contactId: true },
        });
        await withMessage(tx, { messageId: queued.messageId, contactId: row.contactId });
      }
      if (queued.outcome === 'queued') {
        await this.audit.record(tx, principal, {
          action: 'conversation.message_sent',
          targetType: 'conversation',
          targetId: conversationId,
          data: { messageId: queued.messageId, ...auditSummary(message) },
        });
      }
      const contact =
        queued.outcome === 'queued'
          ? await tx.conversation.findUnique({ where: { id: conversationId }, select: { contactId: true } })
          : null;
      return { queued, contactId: contact?.contactId };
    });
    const { queued } = outcome;
    if (queued.outcome === 'not_found') throw notFound('conversation', conversationId);
    if (queued.outcome === 'window_closed') {
      throw new ConflictException({
        code: 'WINDOW_CLOSED',
        message:
          "More than 24 h since the contact's last message (or WhatsApp reported the window closed); " +
          'send an approved template instead.',
        details: [`lastInboundAt: ${queued.lastInboundAt ?? 'the contact has never written'}`],
      });
    }
    if (outcome.contactId) {
      // Committed: the worker's sweep would hand it on within seconds anyway; this makes it immediate.
      this.publishOutbox(principal.tenantId, outcome.contactId).catch((error: unknown) =>
        this.logger.warn({ err: error }, 'could not hand the reply to the engine; the worker sweep will'),
      );
      this.notify(principal.tenantId, { kind: 'message', contactId: outcome.contactId, conversationId });
    }
    return { id: queued.messageId, status: 'queued', windowClosesAt: queued.windowClosesAt };
  }
}

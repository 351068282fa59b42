import { BadRequestException, ConflictException, HttpException, Injectable } from '@nestjs/common';
import { isUuid, withTenant, type Prisma, type PrismaClient } from '@leadline/database';
import { queueAgentMessage } from '@leadline/engine';
import type { Logger } from 'pino';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { InjectPrisma } from '../database/prisma.module';
import { InjectOutboxPublisher, type OutboxPublisher } from '../engine/engine-client.module';
import { InjectRootLogger } from '../logging/root-logger.token';
import { notFound } from '../errors/not-found';
import { pageArgs, toPage, type Page } from '../pagination/page';
import type {
  ListConversations,
  ListMessages,
  SendMessage,
  UpdateConversation,
} from './conversations.schema';

const CONVERSATION_VIEW = {
  id: true,
  status: true,
  contactId: true,
  channelId: true,
  assignedUserId: true,
  lastMessageAt: true,
  createdAt: true,
  updatedAt: true,
  contact: { select: { id: true, phone: true, name: true, optInState: true } },
} satisfies Prisma.ConversationSelect;

const MESSAGE_VIEW = {
  id: true,
  direction: true,
  type: true,
  body: true,
  status: true,
  templateName: true,
  sentAt: true,
  deliveredAt: true,
  readAt: true,
  failedAt: true,
  errorCode: true,
  errorMessage: true,
  runId: true,
  createdAt: true,
} satisfies Prisma.MessageSelect;

export type ConversationView = Prisma.ConversationGetPayload<{ select: typeof CONVERSATION_VIEW }>;
export type MessageView = Prisma.MessageGetPayload<{ select: typeof MESSAGE_VIEW }>;
export interface QueuedMessage {
  id: string;
  status: 'queued';
  /** When the contact's 24-hour window closes unless they write again. */
  windowClosesAt: string;
}
export type ConversationDetail = ConversationView & {
  /** Active runs of the conversation: handed-off ones are resumed or cancelled via /api/runs/:id. */
  activeRuns: Array<{ id: string; status: string; currentNode: string | null; flowKey: string }>;
};

@Injectable()
export class ConversationsService {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
    @InjectOutboxPublisher() private readonly publishOutbox: OutboxPublisher,
    @InjectRootLogger() private readonly logger: Logger,
  ) {}

  list(principal: Principal, query: ListConversations): Promise<Page<ConversationView>> {
    const assigned =
      query.assigned === 'me'
        ? (principal.userId ?? '00000000-0000-0000-0000-000000000000')
        : query.assigned === 'none'
          ? null
          : query.assigned;
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const rows = await tx.conversation.findMany({
        where: {
          ...(query.status ? { status: query.status } : {}),
          ...(query.contact ? { contactId: query.contact } : {}),
          ...(assigned !== undefined ? { assignedUserId: assigned } : {}),
        },
        select: CONVERSATION_VIEW,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        ...pageArgs(query),
      });
      return toPage(rows, query);
    });
  }

  async get(principal: Principal, id: string): Promise<ConversationDetail> {
    if (!isUuid(id)) throw notFound('conversation', id);
    const found = await withTenant(this.prisma, principal.tenantId, async (tx) => {
      const conversation = await tx.conversation.findUnique({ where: { id }, select: CONVERSATION_VIEW });
      if (!conversation) return undefined;
      const runs = await tx.flowRun.findMany({
        where: { conversationId: id, status: { in: ['running', 'waiting', 'handoff'] } },
        select: { id: true, status: true, currentNode: true, flow: { select: { key: true } } },
        orderBy: { startedAt: 'desc' },
      });
      return {
        ...conversation,
        activeRuns: runs.map((run) => ({
          id: run.id,
          status: run.status,
          currentNode: run.currentNode,
          flowKey: run.flow.key,
        })),
      };
    });
    if (!found) throw notFound('conversation', id);
    return found;
  }

  /** Newest first. */
  async messages(principal: Principal, id: string, query: ListMessages): Promise<Page<MessageView>> {
    if (!isUuid(id)) throw notFound('conversation', id);
    const page = await withTenant(this.prisma, principal.tenantId, async (tx) => {
      if (!(await tx.conversation.findUnique({ where: { id }, select: { id: true } }))) return undefined;
      const rows = await tx.message.findMany({
        where: { conversationId: id },
        select: MESSAGE_VIEW,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        ...pageArgs(query),
      });
      return toPage(rows, query);
    });
    if (!page) throw notFound('conversation', id);
    return page;
  }

  async update(principal: Principal, id: string, update: UpdateConversation): Promise<ConversationView> {
    if (!isUuid(id)) throw notFound('conversation', id);
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const before = await tx.conversation.findUnique({
        where: { id },
        select: { status: true, assignedUserId: true },
      });
      if (!before) throw notFound('conversation', id);
      if (update.assignedUserId) {
        const user = await tx.user.findUnique({ where: { id: update.assignedUserId }, select: { id: true } });
        if (!user) {
          throw new BadRequestException({
            code: 'VALIDATION_FAILED',
            message: `assignedUserId: no user with id ${update.assignedUserId} in this workspace`,
          });
        }
      }
      const conversation = await tx.conversation.update({
        where: { id },
        data: {
          ...(update.assignedUserId !== undefined ? { assignedUserId: update.assignedUserId } : {}),
          ...(update.status ? { status: update.status } : {}),
        },
        select: CONVERSATION_VIEW,
      });
      await this.audit.record(tx, principal, {
        action: 'conversation.updated',
        targetType: 'conversation',
        targetId: id,
        data: {
          from: { status: before.status, assignedUserId: before.assignedUserId },
          to: { status: conversation.status, assignedUserId: conversation.assignedUserId },
        },
      });
      return conversation;
    });
  }

  /**
   * A person's reply to the contact, queued for the engine's send job in the same transaction as
   * its audit row. Runs are not touched: one in handoff keeps waiting to be resumed or cancelled.
   */
  async send(principal: Principal, id: string, message: SendMessage): Promise<QueuedMessage> {
    if (!isUuid(id)) throw notFound('conversation', id);
    const publish = this.publishOutbox;
    if (!publish) {
      throw new HttpException(
        {
          code: 'ENGINE_UNSUPPORTED',
          message: 'Replies from the API need the embedded engine (LEADLINE_ENGINE=embedded) for now.',
        },
        501,
      );
    }
    const outcome = await withTenant(this.prisma, principal.tenantId, async (tx) => {
      const queued = await queueAgentMessage(
        tx,
        {
          tenantId: principal.tenantId,
          conversationId: id,
          text: message.text,
          author: principal.userId ? { userId: principal.userId } : { apiKeyId: principal.apiKeyId },
        },
        new Date(),
      );
      if (queued.outcome === 'queued') {
        // The body stays out of the audit log: who wrote to whom, and its length, are enough.
        await this.audit.record(tx, principal, {
          action: 'conversation.message_sent',
          targetType: 'conversation',
          targetId: id,
          data: { messageId: queued.messageId, length: message.text.length },
        });
      }
      return queued;
    });
    if (outcome.outcome === 'not_found') throw notFound('conversation', id);
    if (outcome.outcome === 'window_closed') {
      throw new ConflictException({
        code: 'WINDOW_CLOSED',
        message:
          "More than 24 h since the contact's last message (or WhatsApp reported the window closed); " +
          'send an approved template instead.',
        details: [`lastInboundAt: ${outcome.lastInboundAt ?? 'the contact has never written'}`],
      });
    }
    // Committed: the worker's sweep would publish it within seconds anyway; this makes it immediate.
    publish(principal.tenantId).catch((error: unknown) =>
      this.logger.warn({ err: error }, 'could not publish the outbox; the worker sweep will'),
    );
    return { id: outcome.messageId, status: 'queued', windowClosesAt: outcome.windowClosesAt };
  }
}

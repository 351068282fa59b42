import { BadRequestException, Injectable } from '@nestjs/common';
import { isUuid, withTenant, type Prisma, type PrismaClient } from '@leadline/database';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { InjectPrisma } from '@leadline/bootstrap';
import { AgentMessagesService, type QueuedMessage } from './agent-messages.service';
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
export type { QueuedMessage };
export type ConversationDetail = ConversationView & {
  /** Active runs of the conversation: handed-off ones are resumed or cancelled via /api/runs/:id. */
  activeRuns: Array<{ id: string; status: string; currentNode: string | null; flowKey: string }>;
};

@Injectable()
export class ConversationsService {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
    private readonly agentMessages: AgentMessagesService,
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

  /** A person's text reply, through the one send path people use (AgentMessagesService). */
  send(principal: Principal, id: string, message: SendMessage): Promise<QueuedMessage> {
    return this.agentMessages.send(principal, id, { type: 'text', text: message.text });
  }
}

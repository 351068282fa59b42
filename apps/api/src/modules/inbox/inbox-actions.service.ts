import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { isUuid, withTenant, type PrismaClient, type TenantTransaction } from '@leadline/database';
import { documentLinkKey, DOCUMENT_LINK_TTL_MS, signDocumentLink } from '@leadline/documents';
import type { Clock, InboxNotifier } from '@leadline/engine';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { InjectClock } from '../clock/clock.module';
import { InjectConfig, InjectPrisma } from '@leadline/bootstrap';
import { AgentMessagesService, type QueuedMessage } from '../conversations/agent-messages.service';
import { InjectInboxNotifier } from '../engine/engine-client.module';
import { notFound } from '../errors/not-found';
import { RunControlService } from '../runs/run-control.service';
import type { Assign, HandBack, Note, SendDocument, SendTemplate } from './inbox.schema';
import { templateBody, templateParamCount } from './template-body';

/** What an agent does to a conversation from the inbox; every change is audited and told to open inboxes. */
@Injectable()
export class InboxActionsService {
  private readonly linkKey: Buffer;

  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectConfig() private readonly config: AppConfig,
    @InjectClock() private readonly clock: Clock,
    @InjectInboxNotifier() private readonly notify: InboxNotifier,
    private readonly audit: AuditService,
    private readonly agentMessages: AgentMessagesService,
    private readonly runControl: RunControlService,
  ) {
    this.linkKey = documentLinkKey(config.security.encryptionKey);
  }

  /** Runs `change` on the conversation in one tenant transaction; 404 when it is not in the workspace. */
  private async change<T>(
    principal: Principal,
    id: string,
    change: (
      tx: TenantTransaction,
      conversation: { id: string; contactId: string; status: string },
    ) => Promise<T>,
  ): Promise<T> {
    if (!isUuid(id)) throw notFound('conversation', id);
    const outcome = await withTenant(this.prisma, principal.tenantId, async (tx) => {
      const conversation = await tx.conversation.findUnique({
        where: { id },
        select: { id: true, contactId: true, status: true },
      });
      if (!conversation) return undefined;
      return { value: await change(tx, conversation), contactId: conversation.contactId };
    });
    if (!outcome) throw notFound('conversation', id);
    this.notify(principal.tenantId, {
      kind: 'conversation',
      contactId: outcome.contactId,
      conversationId: id,
    });
    return outcome.value;
  }

  /** The caller has read the conversation up to now: its unread count drops to 0 for them. */
  async markRead(principal: Principal, id: string): Promise<{ readAt: string }> {
    const userId = principal.userId;
    if (!userId) {
      throw new BadRequestException({
        code: 'USER_REQUIRED',
        message: 'Read markers belong to people: sign in as a user to mark a conversation read.',
      });
    }
    const readAt = this.clock.now();
    if (!isUuid(id)) throw notFound('conversation', id);
    const found = await withTenant(this.prisma, principal.tenantId, async (tx) => {
      if (!(await tx.conversation.findUnique({ where: { id }, select: { id: true } }))) return false;
      await tx.conversationRead.upsert({
        where: { conversationId_userId: { conversationId: id, userId } },
        create: { tenantId: principal.tenantId, conversationId: id, userId, readAt },
        update: { readAt },
      });
      return true;
    });
    if (!found) throw notFound('conversation', id);
    return { readAt: readAt.toISOString() };
  }

  /** Assigns the conversation to a member (or nobody); `claim` is the caller taking it. */
  async assign(principal: Principal, id: string, body: Assign): Promise<{ assigneeId: string | null }> {
    return this.change(principal, id, async (tx, conversation) => {
      if (body.userId) {
        const user = await tx.user.findUnique({ where: { id: body.userId }, select: { role: true } });
        if (!user) {
          throw new BadRequestException({
            code: 'VALIDATION_FAILED',
            message: [`userId: no member with id ${body.userId} in this workspace`],
          });
        }
        if (user.role === 'viewer') {
          throw new BadRequestException({
            code: 'ASSIGNEE_CANNOT_REPLY',
            message: 'userId: viewers cannot answer conversations; choose an agent or above.',
          });
        }
      }
      const before = await tx.conversation.findUniqueOrThrow({
        where: { id: conversation.id },
        select: { assignedUserId: true },
      });
      await tx.conversation.update({ where: { id: conversation.id }, data: { assignedUserId: body.userId } });
      await this.audit.record(tx, principal, {
        action: 'conversation.assigned',
        targetType: 'conversation',
        targetId: conversation.id,
        data: { from: before.assignedUserId, to: body.userId },
      });
      return { assigneeId: body.userId };
    });
  }

  claim(principal: Principal, id: string): Promise<{ assigneeId: string | null }> {
    if (!principal.userId) {
      throw new BadRequestException({
        code: 'USER_REQUIRED',
        message: 'Only a signed-in person can claim a conversation; API keys assign with PUT .../assignee.',
      });
    }
    return this.assign(principal, id, { userId: principal.userId });
  }

  /** An internal note: stored for the team, never sent to the contact. */
  async addNote(
    principal: Principal,
    id: string,
    body: Note,
  ): Promise<{ id: string; body: string; at: string }> {
    return this.change(principal, id, async (tx, conversation) => {
      const note = await tx.conversationNote.create({
        data: {
          tenantId: principal.tenantId,
          conversationId: conversation.id,
          contactId: conversation.contactId,
          authorUserId: principal.userId ?? null,
          body: body.body,
          createdAt: this.clock.now(),
        },
        select: { id: true, body: true, createdAt: true },
      });
      await this.audit.record(tx, principal, {
        action: 'conversation.note_added',
        targetType: 'conversation',
        targetId: conversation.id,
        data: { noteId: note.id, length: body.body.length },
      });
      return { id: note.id, body: note.body, at: note.createdAt.toISOString() };
    });
  }

  /** Done with it: the conversation is closed; the contact's next message opens a new one. */
  async resolve(principal: Principal, id: string): Promise<{ status: 'closed' }> {
    return this.change(principal, id, async (tx, conversation) => {
      if (conversation.status === 'closed') {
        throw new ConflictException({
          code: 'ALREADY_CLOSED',
          message: 'This conversation is already resolved.',
        });
      }
      await tx.conversation.update({ where: { id: conversation.id }, data: { status: 'closed' } });
      await this.audit.record(tx, principal, {
        action: 'conversation.resolved',
        targetType: 'conversation',
        targetId: conversation.id,
        data: { from: conversation.status },
      });
      return { status: 'closed' as const };
    });
  }

  /**
   * Gives the conversation back to the bot: the handed-off run resumes at a chosen step (without
   * one it finishes) or ends, through the engine's own run control; the conversation is open again.
   */
  async handBack(
    principal: Principal,
    id: string,
    body: HandBack,
  ): Promise<{ runId: string; action: 'resume' | 'end' }> {
    if (!isUuid(id)) throw notFound('conversation', id);
    const run = await withTenant(this.prisma, principal.tenantId, async (tx) => {
      const conversation = await tx.conversation.findUnique({ where: { id }, select: { id: true } });
      if (!conversation) return undefined;
      return (
        (await tx.flowRun.findFirst({
          where: { conversationId: id, status: 'handoff' },
          orderBy: { startedAt: 'desc' },
          select: { id: true },
        })) ?? null
      );
    });
    if (run === undefined) throw notFound('conversation', id);
    if (!run) {
      throw new ConflictException({
        code: 'NOT_HANDED_OFF',
        message: 'No flow handed this conversation to a person, so there is nothing to hand back.',
      });
    }
    await this.runControl.request(
      principal,
      run.id,
      body.action === 'resume'
        ? { action: 'resume', ...(body.nodeId ? { nodeId: body.nodeId } : {}) }
        : { action: 'cancel', reason: 'ended by a person from the inbox' },
    );
    await this.change(principal, id, async (tx, conversation) => {
      await tx.conversation.update({ where: { id: conversation.id }, data: { status: 'open' } });
      await this.audit.record(tx, principal, {
        action: 'conversation.handed_back',
        targetType: 'conversation',
        targetId: conversation.id,
        data: {
          runId: run.id,
          action: body.action,
          ...(body.action === 'resume' && body.nodeId ? { nodeId: body.nodeId } : {}),
        },
      });
    });
    return { runId: run.id, action: body.action };
  }

  /**
   * An approved template of the conversation's channel, with its body parameters: the way to reach a
   * contact whose 24-hour window has closed. Checked here so the person hears what is wrong at once;
   * the send job checks again (a template can be paused between now and then).
   */
  async sendTemplate(principal: Principal, id: string, body: SendTemplate): Promise<QueuedMessage> {
    if (!isUuid(id)) throw notFound('conversation', id);
    const template = await withTenant(this.prisma, principal.tenantId, async (tx) => {
      const conversation = await tx.conversation.findUnique({ where: { id }, select: { channelId: true } });
      if (!conversation) return undefined;
      return (
        (await tx.template.findUnique({
          where: {
            channelId_name_language: {
              channelId: conversation.channelId,
              name: body.name,
              language: body.language,
            },
          },
          select: { status: true, components: true },
        })) ?? null
      );
    });
    if (template === undefined) throw notFound('conversation', id);
    if (!template || template.status !== 'approved') {
      throw new BadRequestException({
        code: 'TEMPLATE_NOT_APPROVED',
        message: `No approved template "${body.name}" (${body.language}) on this conversation's number.`,
      });
    }
    const expected = templateParamCount(templateBody(template.components));
    if (body.params.length !== expected) {
      throw new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: [`params: the template takes ${expected} parameter(s), ${body.params.length} given`],
      });
    }
    return this.agentMessages.send(principal, id, {
      type: 'template',
      template: { name: body.name, language: body.language, params: body.params },
    });
  }

  /** One of the contact's quotes or invoices, by a signed, expiring link the provider fetches. */
  async sendDocument(principal: Principal, id: string, body: SendDocument): Promise<QueuedMessage> {
    if (!isUuid(id)) throw notFound('conversation', id);
    const document = await withTenant(this.prisma, principal.tenantId, async (tx) => {
      const conversation = await tx.conversation.findUnique({ where: { id }, select: { contactId: true } });
      if (!conversation) return undefined;
      return (
        (await tx.document.findFirst({
          where: { id: body.documentId, contactId: conversation.contactId },
          select: { id: true, filename: true },
        })) ?? null
      );
    });
    if (document === undefined) throw notFound('conversation', id);
    if (!document) throw notFound("document of this conversation's contact", body.documentId);
    const url = signDocumentLink({
      tenantId: principal.tenantId,
      documentId: document.id,
      filename: document.filename,
      publicUrl: this.config.server.publicUrl,
      key: this.linkKey,
      // Wall-clock time, not the (test) clock: the provider opens the link in real time, and
      // document-links.service checks it against the wall clock.
      expiresAt: new Date(Date.now() + DOCUMENT_LINK_TTL_MS),
    });
    return this.agentMessages.send(principal, id, {
      type: 'document',
      documentId: document.id,
      filename: document.filename,
      url,
    });
  }
}

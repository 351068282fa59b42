import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { withTenant, type PrismaClient } from '@leadline/database';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import type { QueuedMessage } from '../conversations/agent-messages.service';
import { AgentMessagesService } from '../conversations/agent-messages.service';
import { InjectPrisma } from '@leadline/bootstrap';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import { ApiZodQuery } from '../openapi/api-zod-query.decorator';
import { InboxActionsService } from './inbox-actions.service';
import { InboxDetailService, type InboxConversationDetail } from './inbox-detail.service';
import { InboxListService, type InboxPage } from './inbox-list.service';
import {
  assignSchema,
  handBackSchema,
  listInboxSchema,
  noteSchema,
  sendDocumentSchema,
  sendTemplateSchema,
  sendTextSchema,
  type Assign,
  type HandBack,
  type ListInbox,
  type Note,
  type SendDocument,
  type SendTemplate,
  type SendText,
} from './inbox.schema';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { queuedMessageSchema } from '../conversations/conversations-response.schema';
import {
  assigneeSchema,
  conversationNoteSchema,
  handBackResultSchema,
  inboxConversationDetailSchema,
  inboxMembersSchema,
  inboxPageSchema,
  readReceiptSchema,
  resolvedSchema,
} from './inbox-response.schema';
import { ApiErrors } from '../openapi/api-errors.decorator';

/** The inbox: the conversations people answer, and what they do to them. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('api/inbox')
@UseGuards(AuthGuard)
export class InboxController {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly lists: InboxListService,
    private readonly details: InboxDetailService,
    private readonly actions: InboxActionsService,
    private readonly agentMessages: AgentMessagesService,
  ) {}

  @Get('conversations')
  @RequireScopes('conversations:read')
  @ApiOperation({
    summary:
      'Conversations, newest activity first: ?filter=all|mine|unassigned|handoff|bot|closed, ?q= (name or phone), unread counts for the caller',
  })
  @ApiZodQuery(listInboxSchema)
  @ApiZodResponse(200, inboxPageSchema)
  list(
    @Tenant() principal: Principal,
    @Query(new ZodValidationPipe(listInboxSchema, 'query')) query: ListInbox,
  ): Promise<InboxPage> {
    return this.lists.list(principal, query);
  }

  @Get('members')
  @RequireScopes('conversations:read')
  @ApiOperation({ summary: 'The people a conversation can be assigned to (agents and above)' })
  @ApiZodResponse(200, inboxMembersSchema)
  members(@Tenant() principal: Principal): Promise<Array<{ id: string; name: string; role: string }>> {
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const users = await tx.user.findMany({
        where: { role: { not: 'viewer' } },
        select: { id: true, name: true, email: true, role: true },
        orderBy: [{ name: 'asc' }, { email: 'asc' }],
      });
      return users.map((user) => ({ id: user.id, name: user.name ?? user.email, role: user.role }));
    });
  }

  @Get('conversations/:id')
  @RequireScopes('conversations:read')
  @ApiOperation({
    summary:
      'A conversation with its history, notes, runs (and the steps to resume at), 24-hour window, documents and approved templates',
  })
  @ApiZodResponse(200, inboxConversationDetailSchema)
  get(@Tenant() principal: Principal, @Param('id') id: string): Promise<InboxConversationDetail> {
    return this.details.get(principal, id);
  }

  @Post('conversations/:id/read')
  @HttpCode(200)
  @RequireScopes('conversations:read')
  @ApiOperation({ summary: "Marks the conversation read up to now for the caller (a person's unread count)" })
  @ApiZodResponse(200, readReceiptSchema)
  @ApiErrors(400, ['USER_REQUIRED'], 'Read markers belong to people, not API keys.')
  read(@Tenant() principal: Principal, @Param('id') id: string): Promise<{ readAt: string }> {
    return this.actions.markRead(principal, id);
  }

  @Post('conversations/:id/claim')
  @HttpCode(200)
  @RequireScopes('conversations:write')
  @ApiOperation({ summary: 'The caller takes the conversation' })
  @ApiZodResponse(200, assigneeSchema)
  @ApiErrors(400, ['USER_REQUIRED'], 'Only a signed-in person can claim.')
  claim(@Tenant() principal: Principal, @Param('id') id: string): Promise<{ assigneeId: string | null }> {
    return this.actions.claim(principal, id);
  }

  @Put('conversations/:id/assignee')
  @RequireScopes('conversations:write')
  @ApiOperation({ summary: 'Assigns the conversation to a member (agents and above), or null for nobody' })
  @ApiZodBody(assignSchema)
  @ApiZodResponse(200, assigneeSchema)
  @ApiErrors(400, ['VALIDATION_FAILED', 'ASSIGNEE_CANNOT_REPLY'])
  assign(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(assignSchema, 'body')) body: Assign,
  ): Promise<{ assigneeId: string | null }> {
    return this.actions.assign(principal, id, body);
  }

  @Post('conversations/:id/notes')
  @RequireScopes('conversations:write')
  @ApiOperation({ summary: 'An internal note for the team; never sent to the contact' })
  @ApiZodBody(noteSchema)
  @ApiZodResponse(201, conversationNoteSchema)
  note(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(noteSchema, 'body')) body: Note,
  ): Promise<{ id: string; body: string; at: string }> {
    return this.actions.addNote(principal, id, body);
  }

  @Post('conversations/:id/resolve')
  @HttpCode(200)
  @RequireScopes('conversations:write')
  @ApiOperation({ summary: 'Closes the conversation (409 ALREADY_CLOSED)' })
  @ApiZodResponse(200, resolvedSchema)
  @ApiErrors(409, ['ALREADY_CLOSED'])
  resolve(@Tenant() principal: Principal, @Param('id') id: string): Promise<{ status: 'closed' }> {
    return this.actions.resolve(principal, id);
  }

  @Post('conversations/:id/hand-back')
  @HttpCode(202)
  @RequireScopes('conversations:write', 'runs:write')
  @ApiOperation({
    summary:
      'Hands the conversation back to the bot: the handed-off run resumes at nodeId (without one it finishes) or ends; 409 NOT_HANDED_OFF',
  })
  @ApiZodBody(handBackSchema)
  @ApiZodResponse(202, handBackResultSchema, 'Accepted: the worker resumes or ends the run')
  @ApiErrors(409, ['NOT_HANDED_OFF'])
  handBack(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(handBackSchema, 'body')) body: HandBack,
  ): Promise<{ runId: string; action: 'resume' | 'end' }> {
    return this.actions.handBack(principal, id, body);
  }

  @Post('conversations/:id/messages')
  @HttpCode(202)
  @RequireScopes('conversations:write')
  @ApiOperation({ summary: 'A text reply inside the 24-hour window (409 WINDOW_CLOSED after it)' })
  @ApiZodBody(sendTextSchema)
  @ApiZodResponse(202, queuedMessageSchema, 'Accepted: queued for sending')
  @ApiErrors(409, ['WINDOW_CLOSED'], "More than 24 hours since the contact's last message: send a template.")
  reply(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(sendTextSchema, 'body')) body: SendText,
  ): Promise<QueuedMessage> {
    return this.agentMessages.send(principal, id, { type: 'text', text: body.text });
  }

  @Post('conversations/:id/template')
  @HttpCode(202)
  @RequireScopes('conversations:write')
  @ApiOperation({
    summary:
      "An approved template of the conversation's number with its body parameters (works when the window is closed)",
  })
  @ApiZodBody(sendTemplateSchema)
  @ApiZodResponse(202, queuedMessageSchema, 'Accepted: queued for sending')
  @ApiErrors(400, ['VALIDATION_FAILED', 'TEMPLATE_NOT_APPROVED'])
  template(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(sendTemplateSchema, 'body')) body: SendTemplate,
  ): Promise<QueuedMessage> {
    return this.actions.sendTemplate(principal, id, body);
  }

  @Post('conversations/:id/documents')
  @HttpCode(202)
  @RequireScopes('conversations:write')
  @ApiOperation({ summary: "Sends one of the contact's quotes or invoices (inside the window)" })
  @ApiZodBody(sendDocumentSchema)
  @ApiZodResponse(202, queuedMessageSchema, 'Accepted: queued for sending')
  @ApiErrors(409, ['WINDOW_CLOSED'], "More than 24 hours since the contact's last message: send a template.")
  document(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(sendDocumentSchema, 'body')) body: SendDocument,
  ): Promise<QueuedMessage> {
    return this.actions.sendDocument(principal, id, body);
  }
}

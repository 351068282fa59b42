import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { ApiZodQuery } from '../openapi/api-zod-query.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import type { Page } from '../pagination/page';
import {
  listConversationsSchema,
  listMessagesSchema,
  sendMessageSchema,
  updateConversationSchema,
  type ListConversations,
  type ListMessages,
  type SendMessage,
  type UpdateConversation,
} from './conversations.schema';
import {
  ConversationsService,
  type ConversationDetail,
  type ConversationView,
  type MessageView,
  type QueuedMessage,
} from './conversations.service';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import {
  conversationDetailSchema,
  conversationPageSchema,
  conversationViewSchema,
  messagePageSchema,
  queuedMessageSchema,
} from './conversations-response.schema';
import { ApiErrors } from '../openapi/api-errors.decorator';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('api/conversations')
@UseGuards(AuthGuard)
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get()
  @RequireScopes('conversations:read')
  @ApiOperation({ summary: 'Conversations, newest first; ?status=, ?contact=, ?assigned=me|none|<user id>' })
  @ApiZodQuery(listConversationsSchema)
  @ApiZodResponse(200, conversationPageSchema)
  list(
    @Tenant() principal: Principal,
    @Query(new ZodValidationPipe(listConversationsSchema, 'query')) query: ListConversations,
  ): Promise<Page<ConversationView>> {
    return this.conversations.list(principal, query);
  }

  @Get(':id')
  @RequireScopes('conversations:read')
  @ApiOperation({ summary: 'A conversation with its active runs (resume/cancel them at /api/runs/:id)' })
  @ApiZodResponse(200, conversationDetailSchema)
  get(@Tenant() principal: Principal, @Param('id') id: string): Promise<ConversationDetail> {
    return this.conversations.get(principal, id);
  }

  @Get(':id/messages')
  @RequireScopes('conversations:read')
  @ApiOperation({ summary: "A conversation's messages, newest first" })
  @ApiZodQuery(listMessagesSchema)
  @ApiZodResponse(200, messagePageSchema)
  messages(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Query(new ZodValidationPipe(listMessagesSchema, 'query')) query: ListMessages,
  ): Promise<Page<MessageView>> {
    return this.conversations.messages(principal, id, query);
  }

  @Post(':id/messages')
  @HttpCode(202)
  @RequireScopes('conversations:write')
  @ApiOperation({
    summary:
      "Send the contact a text message as a person (e.g. during a handoff); 409 WINDOW_CLOSED more than 24 h after the contact's last message",
  })
  @ApiZodBody(sendMessageSchema)
  @ApiZodResponse(202, queuedMessageSchema, 'Accepted: queued for sending')
  @ApiErrors(409, ['WINDOW_CLOSED'], "More than 24 hours since the contact's last message: send a template.")
  send(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(sendMessageSchema, 'body')) body: SendMessage,
  ): Promise<QueuedMessage> {
    return this.conversations.send(principal, id, body);
  }

  @Patch(':id')
  @RequireScopes('conversations:write')
  @ApiOperation({ summary: 'Assign (take over) or close a conversation' })
  @ApiZodBody(updateConversationSchema)
  @ApiZodResponse(200, conversationViewSchema)
  update(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(updateConversationSchema, 'body')) body: UpdateConversation,
  ): Promise<ConversationView> {
    return this.conversations.update(principal, id, body);
  }
}

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
  list(
    @Tenant() principal: Principal,
    @Query(new ZodValidationPipe(listConversationsSchema, 'query')) query: ListConversations,
  ): Promise<Page<ConversationView>> {
    return this.conversations.list(principal, query);
  }

  @Get(':id')
  @RequireScopes('conversations:read')
  @ApiOperation({ summary: 'A conversation with its active runs (resume/cancel them at /api/runs/:id)' })
  get(@Tenant() principal: Principal, @Param('id') id: string): Promise<ConversationDetail> {
    return this.conversations.get(principal, id);
  }

  @Get(':id/messages')
  @RequireScopes('conversations:read')
  @ApiOperation({ summary: "A conversation's messages, newest first" })
  @ApiZodQuery(listMessagesSchema)
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
  update(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(updateConversationSchema, 'body')) body: UpdateConversation,
  ): Promise<ConversationView> {
    return this.conversations.update(principal, id, body);
  }
}

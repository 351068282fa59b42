import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import { quickReplySchema, type QuickReplyInput } from './quick-replies.schema';
import { QuickRepliesService, type QuickReplyView } from './quick-replies.service';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { z } from 'zod';
import { quickReplyViewSchema } from './quick-replies-response.schema';
import { ApiErrors } from '../openapi/api-errors.decorator';

/** Saved answers for the inbox's reply box, per workspace. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('api/quick-replies')
@UseGuards(AuthGuard)
export class QuickRepliesController {
  constructor(private readonly quickReplies: QuickRepliesService) {}

  @Get()
  @RequireScopes('conversations:read')
  @ApiOperation({ summary: "The workspace's quick replies, by title" })
  @ApiZodResponse(200, z.array(quickReplyViewSchema))
  list(@Tenant() principal: Principal): Promise<QuickReplyView[]> {
    return this.quickReplies.list(principal);
  }

  @Post()
  @RequireScopes('workspace:manage')
  @ApiOperation({ summary: 'Add a quick reply (409 QUICK_REPLY_EXISTS when the title is taken)' })
  @ApiZodBody(quickReplySchema)
  @ApiZodResponse(201, quickReplyViewSchema)
  @ApiErrors(409, ['QUICK_REPLY_EXISTS'])
  @ApiErrors(422, ['QUICK_REPLIES_FULL'])
  create(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(quickReplySchema, 'body')) body: QuickReplyInput,
  ): Promise<QuickReplyView> {
    return this.quickReplies.create(principal, body);
  }

  @Put(':id')
  @RequireScopes('workspace:manage')
  @ApiOperation({ summary: 'Change a quick reply' })
  @ApiZodBody(quickReplySchema)
  @ApiZodResponse(200, quickReplyViewSchema)
  @ApiErrors(409, ['QUICK_REPLY_EXISTS'])
  update(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(quickReplySchema, 'body')) body: QuickReplyInput,
  ): Promise<QuickReplyView> {
    return this.quickReplies.update(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScopes('workspace:manage')
  @ApiOperation({ summary: 'Remove a quick reply' })
  remove(@Tenant() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.quickReplies.remove(principal, id);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
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
  createChannelSchema,
  listChannelsSchema,
  type CreateChannel,
  type ListChannels,
} from './channels.schema';
import { ChannelsService, type ChannelView } from './channels.service';
import { ApiNoContent, ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { channelPageSchema, channelViewSchema } from './channels-response.schema';

@ApiTags('channels')
@ApiBearerAuth()
@Controller('api/channels')
@UseGuards(AuthGuard)
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  @RequireScopes('channels:read')
  @ApiOperation({ summary: 'WhatsApp numbers (credentials are never returned, only hasCredentials)' })
  @ApiZodQuery(listChannelsSchema)
  @ApiZodResponse(200, channelPageSchema)
  list(
    @Tenant() principal: Principal,
    @Query(new ZodValidationPipe(listChannelsSchema, 'query')) query: ListChannels,
  ): Promise<Page<ChannelView>> {
    return this.channels.list(principal, query);
  }

  @Get(':id')
  @RequireScopes('channels:read')
  @ApiZodResponse(200, channelViewSchema)
  get(@Tenant() principal: Principal, @Param('id') id: string): Promise<ChannelView> {
    return this.channels.get(principal, id);
  }

  @Post()
  @RequireScopes('channels:write')
  @ApiOperation({ summary: 'Add a number; credentials are encrypted at rest (AES-256-GCM) at once' })
  @ApiZodBody(createChannelSchema)
  @ApiZodResponse(201, channelViewSchema)
  @ApiErrors(
    400,
    ['VALIDATION_FAILED', 'CHANNEL_NOT_VERIFIED'],
    'Bad input, or the provider did not confirm the number is yours.',
  )
  @ApiErrors(409, ['CHANNEL_EXISTS'])
  @ApiErrors(503, ['PROVIDER_UNREACHABLE'])
  create(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(createChannelSchema, 'body')) body: CreateChannel,
  ): Promise<ChannelView> {
    return this.channels.create(principal, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScopes('channels:write')
  @ApiOperation({ summary: 'Delete a number that has no conversations' })
  @ApiNoContent()
  @ApiErrors(409, ['CHANNEL_IN_USE'])
  async remove(@Tenant() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.channels.remove(principal, id);
  }
}

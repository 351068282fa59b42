import { Controller, Get, HttpCode, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { InboxStreamService } from './inbox-stream.service';
import { ApiFileResponse, ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { streamTokenSchema } from './inbox-response.schema';

@ApiTags('inbox')
@Controller('api/inbox')
export class InboxStreamController {
  constructor(private readonly streams: InboxStreamService) {}

  @Post('stream-token')
  @HttpCode(200)
  @ApiBearerAuth()
  @UseGuards(AuthGuard)
  @RequireScopes('conversations:read')
  @ApiOperation({
    summary: 'A one-minute token to open GET /api/inbox/events (EventSource cannot send headers)',
  })
  @ApiZodResponse(200, streamTokenSchema)
  token(@Tenant() principal: Principal): { token: string; expiresInSeconds: number } {
    return this.streams.issue(principal);
  }

  @Get('events')
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'token', description: 'From POST /api/inbox/stream-token', required: true })
  @ApiOperation({
    summary:
      "Server-sent events: `inbox` events ({kind, contactId, conversationId}) whenever one of the workspace's conversations changes",
  })
  @ApiFileResponse(200, 'text/event-stream', 'Server-sent events', { type: 'string' })
  async events(
    @Query('token') token: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const tenantId = this.streams.tenantOf(token);
    await this.streams.stream(tenantId, response, (end) => request.on('close', end));
  }
}

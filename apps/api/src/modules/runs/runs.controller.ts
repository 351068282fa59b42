import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '../auth/api-key-principal';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { RunControlService, type RunControlRequested } from './run-control.service';
import { runNotFound } from './run-errors';
import type { RunDetail, RunPage } from './run-views';
import {
  cancelRunBodySchema,
  listRunsQuerySchema,
  resumeRunBodySchema,
  type CancelRunBody,
  type ListRunsQuery,
  type ResumeRunBody,
} from './runs-request.schema';
import { RunsQueryService } from './runs-query.service';

@Controller('api/runs')
@UseGuards(ApiKeyGuard)
export class RunsController {
  constructor(
    private readonly runs: RunsQueryService,
    private readonly control: RunControlService,
  ) {}

  @Get()
  @RequireScopes('runs:read')
  list(
    @Tenant() principal: Principal,
    @Query(new ZodValidationPipe(listRunsQuerySchema, 'query')) query: ListRunsQuery,
  ): Promise<RunPage> {
    return this.runs.list(principal.tenantId, query);
  }

  @Get(':id')
  @RequireScopes('runs:read')
  async get(@Tenant() principal: Principal, @Param('id') id: string): Promise<RunDetail> {
    const run = await this.runs.get(principal.tenantId, id);
    if (!run) throw runNotFound(id);
    return run;
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @RequireScopes('runs:write')
  cancel(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(cancelRunBodySchema, 'body')) body: CancelRunBody,
  ): Promise<RunControlRequested> {
    return this.control.request(principal, id, { action: 'cancel', ...body });
  }

  @Post(':id/resume')
  @HttpCode(202)
  @RequireScopes('runs:write')
  resume(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(resumeRunBodySchema, 'body')) body: ResumeRunBody,
  ): Promise<RunControlRequested> {
    return this.control.request(principal, id, { action: 'resume', ...body });
  }
}

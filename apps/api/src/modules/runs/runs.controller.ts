import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/api-key-principal';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import { ApiZodQuery } from '../openapi/api-zod-query.decorator';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
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
import { runControlRequestedSchema, runDetailSchema, runPageSchema } from './runs-response.schema';

const CONTROL_REFUSED = ['RUN_ENDED', 'RUN_NOT_IN_HANDOFF'];

@ApiTags('runs')
@ApiBearerAuth()
@Controller('api/runs')
@UseGuards(ApiKeyGuard)
export class RunsController {
  constructor(
    private readonly runs: RunsQueryService,
    private readonly control: RunControlService,
  ) {}

  @Get()
  @RequireScopes('runs:read')
  @ApiOperation({ summary: 'Flow runs, newest first, filtered by status, flow, contact or phone' })
  @ApiZodQuery(listRunsQuerySchema)
  @ApiZodResponse(200, runPageSchema)
  list(
    @Tenant() principal: Principal,
    @Query(new ZodValidationPipe(listRunsQuerySchema, 'query')) query: ListRunsQuery,
  ): Promise<RunPage> {
    return this.runs.list(principal.tenantId, query);
  }

  @Get(':id')
  @RequireScopes('runs:read')
  @ApiOperation({ summary: 'A run with its steps and messages' })
  @ApiZodResponse(200, runDetailSchema)
  @ApiErrors(404, ['RUN_NOT_FOUND'])
  async get(@Tenant() principal: Principal, @Param('id') id: string): Promise<RunDetail> {
    const run = await this.runs.get(principal.tenantId, id);
    if (!run) throw runNotFound(id);
    return run;
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @RequireScopes('runs:write')
  @ApiOperation({ summary: 'Ask the engine to cancel a run' })
  @ApiZodBody(cancelRunBodySchema)
  @ApiZodResponse(202, runControlRequestedSchema, 'Recorded; the engine applies it moments later')
  @ApiErrors(404, ['RUN_NOT_FOUND'])
  @ApiErrors(409, CONTROL_REFUSED, 'The run cannot take this action now.')
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
  @ApiOperation({ summary: 'Hand a run back from a person to the flow, optionally at a node' })
  @ApiZodBody(resumeRunBodySchema)
  @ApiZodResponse(202, runControlRequestedSchema, 'Recorded; the engine applies it moments later')
  @ApiErrors(404, ['RUN_NOT_FOUND'])
  @ApiErrors(409, CONTROL_REFUSED, 'The run cannot take this action now.')
  @ApiErrors(
    400,
    ['VALIDATION_FAILED', 'UNKNOWN_NODE'],
    'The input is not valid, or names no node of the flow.',
  )
  resume(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(resumeRunBodySchema, 'body')) body: ResumeRunBody,
  ): Promise<RunControlRequested> {
    return this.control.request(principal, id, { action: 'resume', ...body });
  }
}

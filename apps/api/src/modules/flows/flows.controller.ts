import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Principal } from '../auth/api-key-principal';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import { ApiZodQuery } from '../openapi/api-zod-query.decorator';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import type { FlowAnalytics } from './flow-analytics';
import type { FlowDiff } from './flow-diff';
import {
  analyticsQuerySchema,
  createFlowBodySchema,
  diffQuerySchema,
  duplicateBodySchema,
  saveDraftBodySchema,
  versionParamSchema,
  type AnalyticsQuery,
  type CreateFlowBody,
  type DiffQuery,
  type DuplicateBody,
  type SaveDraftBody,
} from './flows-request.schema';
import {
  flowAnalyticsSchema,
  flowDetailSchema,
  flowDiffSchema,
  keywordConflictSchema,
  flowSummarySchema,
  publishOutcomeSchema,
  versionDetailSchema,
  versionSummarySchema,
} from './flows-response.schema';
import {
  FlowsService,
  type FlowDetail,
  type FlowSummary,
  type KeywordConflict,
  type PublishOutcome,
  type VersionSummary,
} from './flows.service';

@ApiTags('flows')
@ApiBearerAuth()
@Controller('api/flows')
@UseGuards(ApiKeyGuard)
export class FlowsController {
  constructor(private readonly flows: FlowsService) {}

  @Get()
  @ApiOperation({ summary: 'The flows (archived ones with ?archived=true)' })
  @ApiZodQuery(z.object({ archived: z.enum(['true', 'false']).optional() }))
  @ApiZodResponse(200, z.array(flowSummarySchema))
  @RequireScopes('flows:read')
  list(@Tenant() principal: Principal, @Query('archived') archived?: string): Promise<FlowSummary[]> {
    return this.flows.list(principal.tenantId, archived === 'true');
  }

  @Post()
  @ApiOperation({ summary: 'Create a flow from a document (its draft)' })
  @ApiZodBody(saveDraftBodySchema)
  @ApiZodResponse(201, flowDetailSchema)
  @ApiErrors(409, ['FLOW_EXISTS'], 'A flow with this key exists.')
  @ApiErrors(413, ['FLOW_TOO_LARGE'])
  @RequireScopes('flows:write')
  create(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(createFlowBodySchema, 'body')) body: CreateFlowBody,
  ): Promise<FlowDetail> {
    return this.flows.create(principal.tenantId, body.document);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A flow: its draft and its active version' })
  @ApiZodResponse(200, flowDetailSchema)
  @RequireScopes('flows:read')
  get(@Tenant() principal: Principal, @Param('id') id: string): Promise<FlowDetail> {
    return this.flows.get(principal.tenantId, id);
  }

  @Put(':id/draft')
  @ApiOperation({ summary: 'Save the draft (publishing is separate)' })
  @ApiZodBody(saveDraftBodySchema)
  @ApiZodResponse(200, flowDetailSchema)
  @ApiErrors(404, ['FLOW_NOT_FOUND'])
  @ApiErrors(413, ['FLOW_TOO_LARGE'])
  @RequireScopes('flows:write')
  saveDraft(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(saveDraftBodySchema, 'body')) body: SaveDraftBody,
  ): Promise<FlowDetail> {
    return this.flows.saveDraft(principal.tenantId, id, body.document, body.baseRevision);
  }

  @Post(':id/duplicate')
  @ApiOperation({ summary: 'Copy a flow (its draft) under a new key' })
  @ApiZodBody(duplicateBodySchema)
  @ApiZodResponse(201, flowDetailSchema)
  @RequireScopes('flows:write')
  duplicate(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(duplicateBodySchema, 'body')) body: DuplicateBody,
  ): Promise<FlowDetail> {
    return this.flows.duplicate(principal.tenantId, id, body ?? {});
  }

  @Get(':id/versions')
  @ApiOperation({ summary: 'Published versions, newest first' })
  @ApiZodResponse(200, z.array(versionSummarySchema))
  @RequireScopes('flows:read')
  versions(@Tenant() principal: Principal, @Param('id') id: string): Promise<VersionSummary[]> {
    return this.flows.versions(principal.tenantId, id);
  }

  @Get(':id/versions/:version')
  @ApiOperation({ summary: 'One published version with its definition' })
  @ApiZodResponse(200, versionDetailSchema)
  @ApiErrors(404, ['FLOW_NOT_FOUND', 'VERSION_NOT_FOUND'])
  @RequireScopes('flows:read')
  version(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Param('version', new ZodValidationPipe(versionParamSchema, 'version')) version: number,
  ): Promise<VersionSummary & { definition: unknown }> {
    return this.flows.version(principal.tenantId, id, version);
  }

  @Get(':id/diff')
  @ApiOperation({ summary: 'What differs between two versions (or a version and the draft)' })
  @ApiZodQuery(diffQuerySchema)
  @ApiZodResponse(200, flowDiffSchema)
  @RequireScopes('flows:read')
  diff(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Query(new ZodValidationPipe(diffQuerySchema, 'query')) query: DiffQuery,
  ): Promise<FlowDiff> {
    return this.flows.diff(principal.tenantId, id, query.from, query.to);
  }

  @Get(':id/keyword-conflicts')
  @ApiOperation({ summary: "Other live flows whose triggers answer to some of this draft's keywords" })
  @ApiZodResponse(200, z.array(keywordConflictSchema))
  @RequireScopes('flows:read')
  keywordConflicts(@Tenant() principal: Principal, @Param('id') id: string): Promise<KeywordConflict[]> {
    return this.flows.keywordConflicts(principal.tenantId, id);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the draft as a new version (refused when it has errors)' })
  @ApiZodResponse(200, publishOutcomeSchema)
  @ApiErrors(404, ['FLOW_NOT_FOUND'])
  @ApiErrors(422, ['FLOW_INVALID'], 'The draft has errors (details lists them).')
  @RequireScopes('flows:publish')
  publish(@Tenant() principal: Principal, @Param('id') id: string): Promise<PublishOutcome> {
    return this.flows.publish(principal, id);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive a flow: it stops starting runs' })
  @ApiZodResponse(200, flowDetailSchema)
  @RequireScopes('flows:write')
  archive(@Tenant() principal: Principal, @Param('id') id: string): Promise<FlowDetail> {
    return this.flows.archive(principal, id, true);
  }

  @Post(':id/unarchive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bring an archived flow back' })
  @ApiZodResponse(200, flowDetailSchema)
  @RequireScopes('flows:write')
  unarchive(@Tenant() principal: Principal, @Param('id') id: string): Promise<FlowDetail> {
    return this.flows.archive(principal, id, false);
  }

  @Get(':id/analytics')
  @ApiOperation({
    summary: 'Runs of one version over a period: completed, in progress, dropped; per step and per button',
  })
  @ApiZodQuery(analyticsQuerySchema)
  @ApiZodResponse(200, flowAnalyticsSchema)
  @RequireScopes('flows:read')
  analytics(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Query(new ZodValidationPipe(analyticsQuerySchema, 'query')) query: AnalyticsQuery,
  ): Promise<FlowAnalytics> {
    return this.flows.analytics(principal.tenantId, id, query);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '../auth/api-key-principal';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
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
  FlowsService,
  type FlowDetail,
  type FlowSummary,
  type KeywordConflict,
  type PublishOutcome,
  type VersionSummary,
} from './flows.service';

@Controller('api/flows')
@UseGuards(ApiKeyGuard)
export class FlowsController {
  constructor(private readonly flows: FlowsService) {}

  @Get()
  @RequireScopes('flows:read')
  list(@Tenant() principal: Principal, @Query('archived') archived?: string): Promise<FlowSummary[]> {
    return this.flows.list(principal.tenantId, archived === 'true');
  }

  @Post()
  @RequireScopes('flows:write')
  create(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(createFlowBodySchema, 'body')) body: CreateFlowBody,
  ): Promise<FlowDetail> {
    return this.flows.create(principal.tenantId, body.document);
  }

  @Get(':id')
  @RequireScopes('flows:read')
  get(@Tenant() principal: Principal, @Param('id') id: string): Promise<FlowDetail> {
    return this.flows.get(principal.tenantId, id);
  }

  @Put(':id/draft')
  @RequireScopes('flows:write')
  saveDraft(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(saveDraftBodySchema, 'body')) body: SaveDraftBody,
  ): Promise<FlowDetail> {
    return this.flows.saveDraft(principal.tenantId, id, body.document, body.baseRevision);
  }

  @Post(':id/duplicate')
  @RequireScopes('flows:write')
  duplicate(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(duplicateBodySchema, 'body')) body: DuplicateBody,
  ): Promise<FlowDetail> {
    return this.flows.duplicate(principal.tenantId, id, body ?? {});
  }

  @Get(':id/versions')
  @RequireScopes('flows:read')
  versions(@Tenant() principal: Principal, @Param('id') id: string): Promise<VersionSummary[]> {
    return this.flows.versions(principal.tenantId, id);
  }

  @Get(':id/versions/:version')
  @RequireScopes('flows:read')
  version(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Param('version', new ZodValidationPipe(versionParamSchema, 'version')) version: number,
  ): Promise<VersionSummary & { definition: unknown }> {
    return this.flows.version(principal.tenantId, id, version);
  }

  @Get(':id/diff')
  @RequireScopes('flows:read')
  diff(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Query(new ZodValidationPipe(diffQuerySchema, 'query')) query: DiffQuery,
  ): Promise<FlowDiff> {
    return this.flows.diff(principal.tenantId, id, query.from, query.to);
  }

  @Get(':id/keyword-conflicts')
  @RequireScopes('flows:read')
  keywordConflicts(@Tenant() principal: Principal, @Param('id') id: string): Promise<KeywordConflict[]> {
    return this.flows.keywordConflicts(principal.tenantId, id);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @RequireScopes('flows:publish')
  publish(@Tenant() principal: Principal, @Param('id') id: string): Promise<PublishOutcome> {
    return this.flows.publish(principal, id);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @RequireScopes('flows:write')
  archive(@Tenant() principal: Principal, @Param('id') id: string): Promise<FlowDetail> {
    return this.flows.archive(principal, id, true);
  }

  @Post(':id/unarchive')
  @HttpCode(200)
  @RequireScopes('flows:write')
  unarchive(@Tenant() principal: Principal, @Param('id') id: string): Promise<FlowDetail> {
    return this.flows.archive(principal, id, false);
  }

  @Get(':id/analytics')
  @RequireScopes('flows:read')
  analytics(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Query(new ZodValidationPipe(analyticsQuerySchema, 'query')) query: AnalyticsQuery,
  ): Promise<FlowAnalytics> {
    return this.flows.analytics(principal.tenantId, id, query.version);
  }
}

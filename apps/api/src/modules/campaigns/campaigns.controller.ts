import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CreateCampaign } from '@leadline/campaigns';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import { ApiZodQuery } from '../openapi/api-zod-query.decorator';
import {
  createCampaignSchema,
  listRecipientsSchema,
  previewCampaignSchema,
  type ListRecipients,
  type PreviewCampaign,
} from './campaigns.schema';
import { CampaignsService } from './campaigns.service';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { ApiErrors } from '../openapi/api-errors.decorator';
import {
  campaignControlSchema,
  campaignCreatedSchema,
  campaignListSchema,
  campaignPreviewSchema,
  campaignViewSchema,
  recipientPageSchema,
} from './campaigns-response.schema';

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('api/campaigns')
@UseGuards(AuthGuard)
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  @RequireScopes('campaigns:read')
  @ApiOperation({ summary: 'Campaigns, newest first, each with its numbers' })
  @ApiZodResponse(200, campaignListSchema)
  list(@Tenant() principal: Principal) {
    return this.campaigns.list(principal);
  }

  @Post()
  @RequireScopes('campaigns:write')
  @ApiOperation({
    summary: 'Create a campaign (a draft until started): template, audience, parameters, follow-up flow',
  })
  @ApiZodBody(createCampaignSchema)
  @ApiZodResponse(201, campaignCreatedSchema)
  @ApiErrors(422, [
    'TEMPLATE_NOT_APPROVED',
    'TEMPLATE_PARAMS',
    'SEGMENT_NOT_FOUND',
    'FLOW_NOT_FOUND',
    'BAD_SCHEDULE',
  ])
  create(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(createCampaignSchema, 'body')) body: CreateCampaign,
  ) {
    return this.campaigns.create(principal, body);
  }

  @Post('preview')
  @HttpCode(200)
  @RequireScopes('campaigns:read')
  @ApiOperation({ summary: 'Audience count and the template as contacts will read it, for the create form' })
  @ApiZodBody(previewCampaignSchema)
  @ApiZodResponse(200, campaignPreviewSchema)
  preview(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(previewCampaignSchema, 'body')) body: PreviewCampaign,
  ) {
    return this.campaigns.preview(principal, body);
  }

  @Get(':id')
  @RequireScopes('campaigns:read')
  @ApiOperation({
    summary: 'A campaign with sent, delivered, read, failed, replied, completed and skipped counts',
  })
  @ApiZodResponse(200, campaignViewSchema)
  get(@Tenant() principal: Principal, @Param('id') id: string) {
    return this.campaigns.get(principal, id);
  }

  @Get(':id/recipients')
  @RequireScopes('campaigns:read')
  @ApiOperation({ summary: 'Recipients with their message status and why one failed or was skipped' })
  @ApiZodQuery(listRecipientsSchema)
  @ApiZodResponse(200, recipientPageSchema)
  recipients(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Query(new ZodValidationPipe(listRecipientsSchema, 'query')) query: ListRecipients,
  ) {
    return this.campaigns.recipients(principal, id, query);
  }

  @Post(':id/start')
  @HttpCode(200)
  @RequireScopes('campaigns:write')
  @ApiOperation({ summary: 'Start now, or schedule when the campaign has a send time ahead' })
  @ApiZodResponse(200, campaignControlSchema)
  @ApiErrors(409, ['CAMPAIGN_STATE'], 'The campaign is not in a state that allows this.')
  start(@Tenant() principal: Principal, @Param('id') id: string) {
    return this.campaigns.control(principal, id, 'start');
  }

  @Post(':id/pause')
  @HttpCode(200)
  @RequireScopes('campaigns:write')
  @ApiZodResponse(200, campaignControlSchema)
  @ApiErrors(409, ['CAMPAIGN_STATE'], 'The campaign is not in a state that allows this.')
  pause(@Tenant() principal: Principal, @Param('id') id: string) {
    return this.campaigns.control(principal, id, 'pause');
  }

  @Post(':id/resume')
  @HttpCode(200)
  @RequireScopes('campaigns:write')
  @ApiZodResponse(200, campaignControlSchema)
  @ApiErrors(409, ['CAMPAIGN_STATE'], 'The campaign is not in a state that allows this.')
  resume(@Tenant() principal: Principal, @Param('id') id: string) {
    return this.campaigns.control(principal, id, 'resume');
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequireScopes('campaigns:write')
  @ApiZodResponse(200, campaignControlSchema)
  @ApiErrors(409, ['CAMPAIGN_STATE'], 'The campaign is not in a state that allows this.')
  cancel(@Tenant() principal: Principal, @Param('id') id: string) {
    return this.campaigns.control(principal, id, 'cancel');
  }
}

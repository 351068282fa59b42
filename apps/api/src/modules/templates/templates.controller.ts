import { Body, Controller, Get, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { isUuid, TemplateStatus, withTenant, type PrismaClient } from '@leadline/database';
import { z } from 'zod';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { InjectPrisma } from '@leadline/bootstrap';
import { ApiZodQuery } from '../openapi/api-zod-query.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import { optionalParam, pageArgs, pageQueryShape, toPage, type Page } from '../pagination/page';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { TEMPLATE_VIEW, templatePageSchema, templateViewSchema, type TemplateView } from './template-view';
import { submitTemplateSchema, type SubmitTemplate } from './templates.schema';
import { TemplatesService } from './templates.service';

const STATUSES = Object.values(TemplateStatus);

const listTemplatesSchema = z.strictObject({
  ...pageQueryShape,
  channel: optionalParam(z.string().refine(isUuid, { error: 'must be a channel id (UUID)' })),
  status: optionalParam(z.enum(STATUSES, { error: `must be one of ${STATUSES.join(', ')}` })),
  name: optionalParam(z.string().max(512)),
});
type ListTemplates = z.output<typeof listTemplatesSchema>;

/** GET /api/templates: message templates as last synced from the providers; POST submits a new one. */
@ApiTags('templates')
@ApiBearerAuth()
@Controller('api/templates')
@UseGuards(AuthGuard)
export class TemplatesController {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly templates: TemplatesService,
  ) {}

  @Post()
  @RequireScopes('templates:write')
  @ApiOperation({
    summary:
      "Submit a template for WhatsApp's review on a channel (rules checked first); resubmit after a rejection",
  })
  @ApiZodBody(submitTemplateSchema)
  @ApiZodResponse(201, templateViewSchema, 'Submitted; its status follows the review')
  @ApiErrors(
    400,
    ['VALIDATION_FAILED', 'TEMPLATE_INVALID', 'TEMPLATE_REFUSED'],
    'Not a valid template, or the provider refused it.',
  )
  @ApiErrors(404, ['NOT_FOUND'], 'No such channel in this workspace.')
  submit(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(submitTemplateSchema, 'body')) body: SubmitTemplate,
  ): Promise<TemplateView> {
    return this.templates.submit(principal, body);
  }

  @Get()
  @RequireScopes('templates:read')
  @ApiOperation({ summary: 'Templates by name and language; ?channel=, ?status=approved, ?name=' })
  @ApiZodQuery(listTemplatesSchema)
  @ApiZodResponse(200, templatePageSchema)
  list(
    @Tenant() principal: Principal,
    @Query(new ZodValidationPipe(listTemplatesSchema, 'query')) query: ListTemplates,
  ): Promise<Page<TemplateView>> {
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const rows = await tx.template.findMany({
        where: {
          ...(query.channel ? { channelId: query.channel } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(query.name ? { name: query.name } : {}),
        },
        select: TEMPLATE_VIEW,
        orderBy: [{ name: 'asc' }, { language: 'asc' }, { id: 'asc' }],
        ...pageArgs(query),
      });
      return toPage(rows, query);
    });
  }
}

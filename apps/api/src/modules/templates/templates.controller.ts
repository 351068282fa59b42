import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { isUuid, TemplateStatus, withTenant, type Prisma, type PrismaClient } from '@leadline/database';
import { z } from 'zod';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { InjectPrisma } from '../database/prisma.module';
import { ApiZodQuery } from '../openapi/api-zod-query.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { optionalParam, pageArgs, pageQueryShape, toPage, type Page } from '../pagination/page';

const STATUSES = Object.values(TemplateStatus);

const listTemplatesSchema = z.strictObject({
  ...pageQueryShape,
  channel: optionalParam(z.string().refine(isUuid, { error: 'must be a channel id (UUID)' })),
  status: optionalParam(z.enum(STATUSES, { error: `must be one of ${STATUSES.join(', ')}` })),
  name: optionalParam(z.string().max(512)),
});
type ListTemplates = z.output<typeof listTemplatesSchema>;

const TEMPLATE_VIEW = {
  id: true,
  channelId: true,
  name: true,
  language: true,
  category: true,
  status: true,
  components: true,
  providerTemplateId: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.TemplateSelect;

export type TemplateView = Prisma.TemplateGetPayload<{ select: typeof TEMPLATE_VIEW }>;

/** GET /api/templates: message templates as last synced from the providers. */
@ApiTags('templates')
@ApiBearerAuth()
@Controller('api/templates')
@UseGuards(AuthGuard)
export class TemplatesController {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  @Get()
  @RequireScopes('templates:read')
  @ApiOperation({ summary: 'Templates by name and language; ?channel=, ?status=approved, ?name=' })
  @ApiZodQuery(listTemplatesSchema)
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

import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { aiUsageSummary, type AiUsageSummary } from '@leadline/ai';
import { isUuid, withTenant, type PrismaClient } from '@leadline/database';
import { z } from 'zod';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { InjectPrisma } from '@leadline/bootstrap';
import { ApiZodQuery } from '../openapi/api-zod-query.decorator';
import { validationError, ZodValidationPipe } from '../leads/zod-validation.pipe';
import { optionalParam } from '../pagination/page';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { aiUsageSummarySchema } from './usage-response.schema';

const DAY = 24 * 60 * 60 * 1000;
const instant = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-11-01T00:00:00Z' })
  .or(z.iso.date({ error: 'must be a date (2026-11-01) or an ISO 8601 date-time' }))
  .transform((text) => new Date(text));

const usageQuerySchema = z.strictObject({
  /** Start (inclusive); default 30 days before `to`. */
  from: optionalParam(instant),
  /** End (exclusive); default now. */
  to: optionalParam(instant),
  run: optionalParam(z.string().refine(isUuid, { error: 'must be a run id (UUID)' })),
});
type UsageQuery = z.output<typeof usageQuerySchema>;

/** GET /api/usage/ai: AI calls and tokens per provider, model and task. */
@ApiTags('usage')
@ApiBearerAuth()
@Controller('api/usage')
@UseGuards(AuthGuard)
export class UsageController {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  @Get('ai')
  @RequireScopes('usage:read')
  @ApiOperation({ summary: 'AI usage in [from, to) (default: the last 30 days), optionally of one run' })
  @ApiZodQuery(usageQuerySchema)
  @ApiZodResponse(200, aiUsageSummarySchema)
  ai(
    @Tenant() principal: Principal,
    @Query(new ZodValidationPipe(usageQuerySchema, 'query')) query: UsageQuery,
  ): Promise<AiUsageSummary> {
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - 30 * DAY);
    if (from >= to) throw validationError(['from: must be before to']);
    if (to.getTime() - from.getTime() > 366 * DAY)
      throw validationError(['from: the range may span at most 366 days']);
    return withTenant(this.prisma, principal.tenantId, (tx) =>
      aiUsageSummary(tx, { from, to, ...(query.run ? { runId: query.run } : {}) }),
    );
  }
}

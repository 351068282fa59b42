import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { escapeLikePattern, isUuid, withTenant, type PrismaClient } from '@leadline/database';
import { z } from 'zod';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { InjectPrisma } from '@leadline/bootstrap';
import { ApiZodQuery } from '../openapi/api-zod-query.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { optionalParam, pageArgs, pageQueryShape, toPage, type Page } from '../pagination/page';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { auditLogPageSchema } from './audit-response.schema';

const uuid = z.string().refine(isUuid, { error: 'must be an id (UUID)' });

const listAuditSchema = z.strictObject({
  ...pageQueryShape,
  /** An action (`user.role_changed`) or a prefix ending in a dot (`user.`). */
  action: optionalParam(z.string().max(100)),
  actorUser: optionalParam(uuid),
  actorApiKey: optionalParam(uuid),
  targetType: optionalParam(z.string().max(50)),
  targetId: optionalParam(z.string().max(100)),
});
type ListAudit = z.output<typeof listAuditSchema>;

export interface AuditLogView {
  id: string;
  at: Date;
  action: string;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  targetType: string | null;
  targetId: string | null;
  data: unknown;
}

/** GET /api/audit-logs: who did what, newest first. Read only: nobody edits the audit log through the API. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit-logs')
@UseGuards(AuthGuard)
@RequireScopes('audit:read')
export class AuditLogController {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  @Get()
  @ApiOperation({
    summary: 'Audit log, newest first; filter by action (or prefix like "user."), actor, target',
  })
  @ApiZodQuery(listAuditSchema)
  @ApiZodResponse(200, auditLogPageSchema)
  list(
    @Tenant() principal: Principal,
    @Query(new ZodValidationPipe(listAuditSchema, 'query')) query: ListAudit,
  ): Promise<Page<AuditLogView>> {
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const rows = await tx.auditLog.findMany({
        where: {
          ...(query.action
            ? query.action.endsWith('.')
              ? { action: { startsWith: escapeLikePattern(query.action) } }
              : { action: query.action }
            : {}),
          ...(query.actorUser ? { actorUserId: query.actorUser } : {}),
          ...(query.actorApiKey ? { actorApiKeyId: query.actorApiKey } : {}),
          ...(query.targetType ? { targetType: query.targetType } : {}),
          ...(query.targetId ? { targetId: query.targetId } : {}),
        },
        select: {
          id: true,
          at: true,
          action: true,
          actorUserId: true,
          actorApiKeyId: true,
          targetType: true,
          targetId: true,
          data: true,
        },
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        ...pageArgs(query),
      });
      return toPage(rows, query);
    });
  }
}

import { Controller, ForbiddenException, HttpCode, NotFoundException, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient } from '@leadline/database';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { Tenant } from '../auth/tenant.decorator';
import { InjectConfig, InjectPrisma } from '@leadline/bootstrap';
import { DASHBOARD_PATH, mayOpenQueueDashboard, TICKET_SECONDS } from './queue-dashboard-access';
import { QueueDashboardService } from './queue-dashboard.service';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { z } from 'zod';

@ApiTags('operations')
@Controller('api/queue-dashboard')
export class QueueDashboardController {
  constructor(
    private readonly dashboard: QueueDashboardService,
    @InjectConfig() private readonly config: AppConfig,
    @InjectPrisma() private readonly prisma: PrismaClient,
  ) {}

  @Post('ticket')
  @HttpCode(200)
  @ApiBearerAuth()
  @UseGuards(AuthGuard)
  @ApiOperation({
    summary: 'A one-minute link to the queue dashboard (owners and admins of the operator workspace)',
  })
  @ApiZodResponse(200, z.object({ url: z.string(), expiresInSeconds: z.number().int() }))
  @ApiErrors(404, ['QUEUE_DASHBOARD_OFF'], 'The queue dashboard is not turned on.')
  async ticket(@Tenant() principal: Principal): Promise<{ url: string; expiresInSeconds: number }> {
    const operator = this.config.queueDashboard;
    if (!operator) {
      throw new NotFoundException({
        code: 'QUEUE_DASHBOARD_OFF',
        message: 'The queue dashboard is not turned on (QUEUE_DASHBOARD_TENANT).',
      });
    }
    const tenant = await this.prisma.tenant.findUnique({
      where: { id: principal.tenantId },
      select: { slug: true },
    });
    if (!mayOpenQueueDashboard(principal, tenant?.slug, operator) || !principal.userId) {
      throw new ForbiddenException({
        code: 'FORBIDDEN',
        message:
          'Only owners and admins of the workspace that runs this instance may open the queue dashboard.',
      });
    }
    const ticket = this.dashboard.access.ticket(principal.userId, principal.tenantId);
    return {
      url: `${DASHBOARD_PATH}?ticket=${encodeURIComponent(ticket)}`,
      expiresInSeconds: TICKET_SECONDS,
    };
  }
}

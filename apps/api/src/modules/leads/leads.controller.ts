import { Body, Controller, Headers, HttpCode, Post, UseGuards } from '@nestjs/common';
import type { Principal } from '../auth/api-key-principal';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { idempotencyKeySchema, leadRequestSchema, type LeadRequest } from './lead-request.schema';
import { LeadsService, type LeadAccepted } from './leads.service';
import { describeIssues, validationError, ZodValidationPipe } from './zod-validation.pipe';

@Controller('api/leads')
@UseGuards(ApiKeyGuard)
export class LeadsController {
  constructor(private readonly leads: LeadsService) {}

  /** 202: the lead is recorded; the flow runs in a worker. */
  @Post()
  @HttpCode(202)
  @RequireScopes('leads:write')
  async submit(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(leadRequestSchema, 'body')) lead: LeadRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<LeadAccepted> {
    const key = idempotencyKeySchema.safeParse(idempotencyKey);
    if (!key.success) {
      throw validationError(describeIssues(key.error.issues, 'Idempotency-Key'));
    }
    return this.leads.submit(principal, lead, key.data);
  }
}

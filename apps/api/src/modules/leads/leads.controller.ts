import { Body, Controller, Headers, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/api-key-principal';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { leadAcceptedSchema } from './lead-response.schema';
import { idempotencyKeySchema, leadRequestSchema, type LeadRequest } from './lead-request.schema';
import { LeadsService, type LeadAccepted } from './leads.service';
import { describeIssues, validationError, ZodValidationPipe } from './zod-validation.pipe';

@ApiTags('leads')
@ApiBearerAuth()
@Controller('api/leads')
@UseGuards(ApiKeyGuard)
export class LeadsController {
  constructor(private readonly leads: LeadsService) {}

  /** 202: the lead is recorded; the flow runs in a worker. */
  @Post()
  @HttpCode(202)
  @RequireScopes('leads:write')
  @ApiOperation({ summary: 'Submit a lead: the contact is created or updated and the flow starts for it' })
  @ApiZodBody(leadRequestSchema)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retries with the same key start no second run (at most 200 characters)',
  })
  @ApiZodResponse(202, leadAcceptedSchema, 'Accepted: the flow runs in a worker')
  @ApiErrors(404, ['FLOW_NOT_FOUND'], 'No published flow with this key and an API trigger.')
  @ApiErrors(409, ['NO_CHANNEL'], 'The workspace has no channel to reach the contact on.')
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

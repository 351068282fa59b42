import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import type { SubscriptionView } from '@leadline/outbound-events';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { createSubscriptionSchema, type CreateSubscriptionRequest } from './webhook-subscription.schema';
import { WebhookSubscriptionsService, type CreatedSubscription } from './webhook-subscriptions.service';
import { ApiNoContent, ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import { createdSubscriptionSchema, subscriptionListSchema } from './webhook-subscriptions-response.schema';

/** Outbound events: a workspace's URLs for lead.captured, run.completed, run.handoff, message.failed. */
@Controller('api/webhook-subscriptions')
@UseGuards(AuthGuard)
@RequireScopes('webhooks:manage')
export class WebhookSubscriptionsController {
  constructor(private readonly subscriptions: WebhookSubscriptionsService) {}

  @Post()
  @HttpCode(201)
  @ApiZodBody(createSubscriptionSchema)
  @ApiZodResponse(201, createdSubscriptionSchema)
  create(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(createSubscriptionSchema, 'body')) body: CreateSubscriptionRequest,
  ): Promise<CreatedSubscription> {
    return this.subscriptions.create(principal, body);
  }

  @Get()
  @ApiZodResponse(200, subscriptionListSchema)
  async list(@Tenant() principal: Principal): Promise<{ data: SubscriptionView[] }> {
    return { data: await this.subscriptions.list(principal) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContent()
  remove(@Tenant() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.subscriptions.remove(principal, id);
  }
}

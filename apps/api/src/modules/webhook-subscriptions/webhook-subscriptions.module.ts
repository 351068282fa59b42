import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { WebhookSubscriptionsController } from './webhook-subscriptions.controller';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';

/** Subscriptions to outbound events; the worker delivers them (libs/outbound-events). */
@Module({
  imports: [AuthModule, AuditModule],
  controllers: [WebhookSubscriptionsController],
  providers: [WebhookSubscriptionsService],
})
export class WebhookSubscriptionsModule {}

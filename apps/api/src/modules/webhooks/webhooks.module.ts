import { Module } from '@nestjs/common';
import { WebhookSignersService } from './webhook-signers.service';
import { MetaWebhookController } from './meta-webhook.controller';
import { MetaWebhookService } from './meta-webhook.service';
import { TwilioWebhookController } from './twilio-webhook.controller';
import { TwilioWebhookService } from './twilio-webhook.service';

@Module({
  controllers: [MetaWebhookController, TwilioWebhookController],
  providers: [WebhookSignersService, MetaWebhookService, TwilioWebhookService],
})
export class WebhooksModule {}

import { Body, Controller, Header, Headers, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { TwilioWebhookService } from './twilio-webhook.service';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

@Controller('webhooks/twilio')
export class TwilioWebhookController {
  constructor(private readonly webhooks: TwilioWebhookService) {}

  @Post()
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async receive(
    @Req() request: Request,
    @Headers('x-twilio-signature') signature: string | undefined,
    @Body() body: Record<string, unknown>,
  ): Promise<string> {
    await this.webhooks.receive(request.originalUrl, body ?? {}, signature);
    return EMPTY_TWIML;
  }
}

import { Body, Controller, Header, Headers, HttpCode, Optional, Post, Req } from '@nestjs/common';
import type { WebhookAckHistogram } from '@leadline/ops';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiFileResponse } from '../openapi/api-zod-response.decorator';
import { InjectWebhookAckHistogram } from '../metrics/metrics.tokens';
import { timedAck } from '../metrics/webhook-ack';
import { TwilioWebhookService } from './twilio-webhook.service';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

@ApiTags('webhooks')
@Controller('webhooks/twilio')
export class TwilioWebhookController {
  constructor(
    private readonly webhooks: TwilioWebhookService,
    @Optional() @InjectWebhookAckHistogram() private readonly ackSeconds?: WebhookAckHistogram,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Messages and statuses from Twilio (signed with X-Twilio-Signature)' })
  @ApiFileResponse(200, 'text/xml', 'Acknowledged: an empty TwiML response', { type: 'string' })
  @ApiErrors(401, ['INVALID_SIGNATURE'])
  @ApiErrors(400, ['MALFORMED_WEBHOOK'])
  @Header('Content-Type', 'text/xml')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    description: "Twilio's message or status callback (MessageSid, From, To, Body, MessageStatus, …)",
    schema: { type: 'object', additionalProperties: { type: 'string' } },
  })
  async receive(
    @Req() request: Request,
    @Headers('x-twilio-signature') signature: string | undefined,
    @Body() body: Record<string, unknown>,
  ): Promise<string> {
    await timedAck(this.ackSeconds, 'twilio', () =>
      this.webhooks.receive(request.originalUrl, body ?? {}, signature),
    );
    return EMPTY_TWIML;
  }
}

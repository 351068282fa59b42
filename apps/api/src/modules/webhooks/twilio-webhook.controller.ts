import { Body, Controller, Header, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiFileResponse } from '../openapi/api-zod-response.decorator';
import { TwilioWebhookService } from './twilio-webhook.service';

/**
 * Documents `POST /webhooks/twilio` in OpenAPI. In the running API the lean route
 * (lean-webhook-route.ts) answers this path before Express; both call TwilioWebhookService.acknowledge.
 */
@ApiTags('webhooks')
@Controller('webhooks/twilio')
export class TwilioWebhookController {
  constructor(private readonly webhooks: TwilioWebhookService) {}

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
  receive(
    @Req() request: Request,
    @Headers('x-twilio-signature') signature: string | undefined,
    @Body() body: Record<string, unknown>,
  ): Promise<string> {
    return this.webhooks.acknowledge(request.originalUrl, body ?? {}, signature);
  }
}

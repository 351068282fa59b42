import {
  Controller,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  Post,
  Query,
  Req,
  type RawBodyRequest,
} from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '@leadline/config';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiFileResponse } from '../openapi/api-zod-response.decorator';
import { InjectConfig } from '@leadline/bootstrap';
import { MetaWebhookService } from './meta-webhook.service';

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Meta's subscription handshake (GET), served by Nest, and the document of `POST /webhooks/meta`:
 * in the running API the lean route (lean-webhook-route.ts) answers that POST before Express; both
 * call MetaWebhookService.acknowledge.
 */
@ApiTags('webhooks')
@Controller('webhooks/meta')
export class MetaWebhookController {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly webhooks: MetaWebhookService,
  ) {}

  /** Meta's subscription handshake: echo the challenge when the verify token matches. */
  @Get()
  @ApiOperation({
    summary: "Meta's subscription handshake: echoes hub.challenge when the verify token matches",
  })
  @ApiFileResponse(200, 'text/plain', 'The challenge', { type: 'string' })
  @ApiErrors(403, ['VERIFY_TOKEN_MISMATCH'])
  verify(
    @Query('hub.mode') mode: string | undefined,
    @Query('hub.verify_token') token: string | undefined,
    @Query('hub.challenge') challenge: string | undefined,
  ): string {
    const expected = this.config.whatsapp.meta.verifyToken;
    if (mode !== 'subscribe' || !expected || !token || !challenge || !sameText(token, expected)) {
      throw new ForbiddenException({
        code: 'VERIFY_TOKEN_MISMATCH',
        message: 'The verify token does not match META_VERIFY_TOKEN.',
      });
    }
    return challenge;
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Messages and statuses from Meta (signed with X-Hub-Signature-256)' })
  @ApiFileResponse(200, 'text/plain', 'Acknowledged', { type: 'string', enum: ['EVENT_RECEIVED'] })
  @ApiErrors(401, ['INVALID_SIGNATURE'])
  @ApiErrors(400, ['MALFORMED_WEBHOOK'])
  @ApiBody({
    description: "Meta's webhook notification (object: whatsapp_business_account, entry[].changes[])",
    schema: { type: 'object', additionalProperties: true },
  })
  receive(
    @Req() request: RawBodyRequest<Request>,
    @Headers('x-hub-signature-256') signature: string | undefined,
  ): Promise<string> {
    return this.webhooks.acknowledge(request.rawBody, signature);
  }
}

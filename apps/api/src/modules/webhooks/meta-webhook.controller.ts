import {
  Body,
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
import type { Request } from 'express';
import { InjectConfig } from '@leadline/bootstrap';
import { MetaWebhookService } from './meta-webhook.service';

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

@Controller('webhooks/meta')
export class MetaWebhookController {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly webhooks: MetaWebhookService,
  ) {}

  /** Meta's subscription handshake: echo the challenge when the verify token matches. */
  @Get()
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
  async receive(
    @Req() request: RawBodyRequest<Request>,
    @Headers('x-hub-signature-256') signature: string | undefined,
    @Body() body: unknown,
  ): Promise<string> {
    await this.webhooks.receive(request.rawBody, signature, body);
    return 'EVENT_RECEIVED';
  }
}

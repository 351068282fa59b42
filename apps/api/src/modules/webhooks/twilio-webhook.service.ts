import { BadRequestException, Injectable, UnauthorizedException } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import type { FlowEngineClient } from '@leadline/engine';
import {
  MalformedWebhookError,
  parseTwilioWebhook,
  STATUS_CALLBACK_REF,
  toE164,
  verifyTwilioSignature,
} from '@leadline/whatsapp';
import { InjectConfig } from '../config/app-config.token';
import { InjectEngine } from '../engine/engine-client.module';
import { ChannelSecretsService } from './channel-secrets.service';

@Injectable()
export class TwilioWebhookService {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly secrets: ChannelSecretsService,
    @InjectEngine() private readonly engine: FlowEngineClient,
  ) {}

  /**
   * Inbound messages name our number in `To`, status callbacks in `From`. The request is signed with
   * that channel's auth token over PUBLIC_URL + the path Twilio called.
   */
  async receive(
    originalUrl: string,
    params: Record<string, string>,
    signature: string | undefined,
  ): Promise<void> {
    const ours = toE164(params.MessageStatus && !params.Body ? (params.From ?? '') : (params.To ?? ''));
    const authToken = ours ? await this.secrets.twilioAuthToken(ours) : undefined;
    const url = `${this.config.server.publicUrl}${originalUrl}`;
    if (!authToken || !signature || !verifyTwilioSignature({ authToken, url, params, signature })) {
      throw new UnauthorizedException({
        code: 'INVALID_SIGNATURE',
        message: 'X-Twilio-Signature does not match (check PUBLIC_URL and the channel auth token).',
      });
    }
    let event: ReturnType<typeof parseTwilioWebhook>;
    try {
      event = parseTwilioWebhook(params, { receivedAt: new Date() });
    } catch (error) {
      if (error instanceof MalformedWebhookError)
        throw new BadRequestException({ code: 'MALFORMED_WEBHOOK', message: error.reason });
      throw error;
    }
    if (!event) return;
    // Our id from the StatusCallback URL (see TwilioProvider): finds a message whose SID we do not know yet.
    const ref = new URL(originalUrl, 'http://callback.invalid').searchParams.get(STATUS_CALLBACK_REF);
    await this.engine.ingest(event.kind === 'status' && ref ? { ...event, callbackData: ref } : event);
  }
}

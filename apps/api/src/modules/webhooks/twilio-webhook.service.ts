import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  Optional,
  UnauthorizedException,
} from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import type { FlowEngineClient } from '@leadline/engine';
import type { WebhookAckHistogram } from '@leadline/ops';
import { MalformedWebhookError, parseTwilioWebhook, STATUS_CALLBACK_REF } from '@leadline/whatsapp';
import type { Logger } from 'pino';
import { InjectConfig, InjectRootLogger } from '@leadline/bootstrap';
import { InjectEngine } from '../engine/engine-client.module';
import { InjectWebhookAckHistogram } from '../metrics/metrics.tokens';
import { timedAck } from '../metrics/webhook-ack';
import { WebhookSignersService } from './webhook-signers.service';

/** What Twilio gets back for an acknowledged webhook: an empty TwiML response (answer nothing). */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

@Injectable()
export class TwilioWebhookService {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly signers: WebhookSignersService,
    @InjectEngine() private readonly engine: FlowEngineClient,
    @InjectRootLogger() private readonly logger: Logger,
    @Optional() @InjectWebhookAckHistogram() private readonly ackSeconds?: WebhookAckHistogram,
  ) {}

  /**
   * `POST /webhooks/twilio`, whichever way it arrives (the lean route in lean-webhook-route.ts, or
   * the Nest controller that documents it): receive, timed as an acknowledgement, then the answer.
   * `originalUrl` is the path and query Twilio called; `params` the form as parsed.
   */
  async acknowledge(
    originalUrl: string,
    params: Record<string, unknown>,
    signature: string | undefined,
  ): Promise<string> {
    await timedAck(this.ackSeconds, 'twilio', () => this.receive(originalUrl, params, signature));
    return EMPTY_TWIML;
  }

  /**
   * Inbound messages name our number in `To`, status callbacks in `From`. The request is signed with
   * that channel's auth token over PUBLIC_URL + the path Twilio called. The signature is checked
   * first, then the form's shape; the event is applied only if the channel it names is one whose
   * token signed it (a workspace's token with another's number in the routing field is refused).
   */
  async receive(
    originalUrl: string,
    params: Record<string, unknown>,
    signature: string | undefined,
  ): Promise<void> {
    const url = `${this.config.server.publicUrl}${originalUrl}`;
    const scope = await this.signers.twilioScope(url, params, signature);
    if (!scope) {
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
    const result = await this.engine.ingest(
      event.kind === 'status' && ref ? { ...event, callbackData: ref } : event,
      scope,
    );
    if (result.outcome === 'foreign_channel') {
      const phoneNumberId = 'channel' in event ? event.channel.phoneNumberId : undefined;
      this.logger.warn(
        { provider: 'twilio', phoneNumberId, kind: event.kind },
        'refused a webhook not signed by its owner (foreign channel)',
      );
      throw new ForbiddenException({
        code: 'FOREIGN_CHANNEL',
        message: 'This webhook names a number whose own auth token did not sign it.',
      });
    }
  }
}

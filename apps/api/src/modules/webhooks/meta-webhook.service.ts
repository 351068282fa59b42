import { BadRequestException, Injectable, UnauthorizedException } from '@nestjs/common';
import type { ChannelEvent } from '@leadline/whatsapp';
import type { FlowEngineClient } from '@leadline/engine';
import { MalformedWebhookError, parseMetaWebhook } from '@leadline/whatsapp';
import type { Logger } from 'pino';
import { InjectEngine } from '../engine/engine-client.module';
import { InjectRootLogger } from '@leadline/bootstrap';
import { WebhookSignersService } from './webhook-signers.service';

/** Which channel an event names, for logs: ids only, never content. */
function channelOf(event: ChannelEvent): Record<string, string> {
  return 'channel' in event
    ? { provider: event.channel.provider, phoneNumberId: event.channel.phoneNumberId }
    : { wabaId: event.wabaId };
}

@Injectable()
export class MetaWebhookService {
  constructor(
    private readonly signers: WebhookSignersService,
    @InjectEngine() private readonly engine: FlowEngineClient,
    @InjectRootLogger() private readonly logger: Logger,
  ) {}

  /**
   * Verifies, normalises and records a webhook; flows run later, in the worker. Order matters: the
   * signature first (nothing about the body's shape is trusted or even validated before), then the
   * shape, then each event only inside the channels the signature speaks for.
   */
  async receive(
    rawBody: Buffer | undefined,
    signature: string | undefined,
    body: unknown,
  ): Promise<{ events: number; foreign: number }> {
    if (!rawBody)
      throw new BadRequestException({ code: 'MALFORMED_WEBHOOK', message: 'Expected a JSON body.' });
    const scope = await this.signers.metaScope(rawBody, signature, body);
    if (!scope) {
      throw new UnauthorizedException({
        code: 'INVALID_SIGNATURE',
        message:
          'X-Hub-Signature-256 does not match the body (or no app secret is configured for this number).',
      });
    }
    let parsed: ReturnType<typeof parseMetaWebhook>;
    try {
      parsed = parseMetaWebhook(body);
    } catch (error) {
      if (error instanceof MalformedWebhookError) {
        throw new BadRequestException({ code: 'MALFORMED_WEBHOOK', message: error.reason });
      }
      throw error;
    }
    for (const problem of parsed.problems) this.logger.warn({ problem }, 'skipped part of a Meta webhook');
    let foreign = 0;
    for (const event of parsed.events) {
      const result = await this.engine.ingest(event, scope);
      if (result.outcome === 'unknown_channel') {
        this.logger.warn(channelOf(event), 'webhook for a number no channel has');
      } else if (result.outcome === 'foreign_channel') {
        // Another workspace's number in a body signed with someone else's secret: forged or
        // misconfigured (two apps on one WABA). Dropped; Meta gets 200 so it does not retry.
        foreign++;
        this.logger.warn(
          { ...channelOf(event), kind: event.kind },
          'dropped a webhook event not signed by its owner (foreign channel)',
        );
      }
    }
    return { events: parsed.events.length, foreign };
  }
}

import { BadRequestException, Injectable, Optional, UnauthorizedException } from '@nestjs/common';
import type { ChannelEvent } from '@leadline/whatsapp';
import type { FlowEngineClient } from '@leadline/engine';
import type { WebhookAckHistogram } from '@leadline/ops';
import { MalformedWebhookError, parseMetaWebhook } from '@leadline/whatsapp';
import type { Logger } from 'pino';
import { InjectEngine } from '../engine/engine-client.module';
import { InjectRootLogger } from '@leadline/bootstrap';
import { InjectWebhookAckHistogram } from '../metrics/metrics.tokens';
import { timedAck } from '../metrics/webhook-ack';
import { WebhookSignersService } from './webhook-signers.service';

/** What Meta gets back for an acknowledged webhook. */
export const META_ACK = 'EVENT_RECEIVED';

/** Which channel an event names, for logs: ids only, never content. */
function channelOf(event: ChannelEvent): Record<string, string> {
  return 'channel' in event
    ? { provider: event.channel.provider, phoneNumberId: event.channel.phoneNumberId }
    : { wabaId: event.wabaId };
}

type Json = { ok: true; value: unknown } | { ok: false; reason: string };

function parseJson(rawBody: Buffer): Json {
  try {
    return { ok: true, value: JSON.parse(rawBody.toString('utf8')) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

@Injectable()
export class MetaWebhookService {
  constructor(
    private readonly signers: WebhookSignersService,
    @InjectEngine() private readonly engine: FlowEngineClient,
    @InjectRootLogger() private readonly logger: Logger,
    @Optional() @InjectWebhookAckHistogram() private readonly ackSeconds?: WebhookAckHistogram,
  ) {}

  /**
   * `POST /webhooks/meta`, whichever way it arrives (the lean route in lean-webhook-route.ts, or
   * the Nest controller that documents it): receive, timed as an acknowledgement, then the answer.
   */
  async acknowledge(rawBody: Buffer | undefined, signature: string | undefined): Promise<string> {
    await timedAck(this.ackSeconds, 'meta', () => this.receive(rawBody, signature));
    return META_ACK;
  }

  /**
   * Verifies, normalises and records a webhook; flows run later, in the worker. Order matters: the
   * signature first, over the raw bytes (the deployment's own secret needs nothing of the body, so
   * for it nothing is even parsed before; a channel's own secret needs the ids the body names, so
   * only then is the JSON parsed, and its shape is not looked at), then the shape, then each event
   * only inside the channels the signature speaks for.
   */
  async receive(
    rawBody: Buffer | undefined,
    signature: string | undefined,
  ): Promise<{ events: number; foreign: number }> {
    if (!rawBody)
      throw new BadRequestException({ code: 'MALFORMED_WEBHOOK', message: 'Expected a JSON body.' });
    let json: Json | undefined;
    const body = (): unknown => {
      json ??= parseJson(rawBody);
      return json.ok ? json.value : undefined;
    };
    const scope = await this.signers.metaScope(rawBody, signature, body);
    if (!scope) {
      throw new UnauthorizedException({
        code: 'INVALID_SIGNATURE',
        message:
          'X-Hub-Signature-256 does not match the body (or no app secret is configured for this number).',
      });
    }
    const value = body();
    if (!json?.ok) {
      throw new BadRequestException({
        code: 'MALFORMED_WEBHOOK',
        message: `The body is not JSON: ${json && !json.ok ? json.reason : 'unreadable'}`,
      });
    }
    let parsed: ReturnType<typeof parseMetaWebhook>;
    try {
      parsed = parseMetaWebhook(value);
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

import { BadRequestException, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FlowEngineClient } from '@leadline/engine';
import { MalformedWebhookError, parseMetaWebhook, verifyMetaSignature } from '@leadline/whatsapp';
import type { Logger } from 'pino';
import { InjectEngine } from '../engine/engine-client.module';
import { InjectRootLogger } from '../logging/root-logger.token';
import { ChannelSecretsService } from './channel-secrets.service';

/** The phone number ids a Meta webhook is about, to find the channels whose app secret may sign it. */
function phoneNumberIds(body: unknown): string[] {
  const entries = (body as { entry?: unknown })?.entry;
  if (!Array.isArray(entries)) return [];
  const ids = new Set<string>();
  for (const entry of entries) {
    for (const change of (entry as { changes?: unknown[] })?.changes ?? []) {
      const id = (change as { value?: { metadata?: { phone_number_id?: unknown } } })?.value?.metadata
        ?.phone_number_id;
      if (typeof id === 'string') ids.add(id);
    }
  }
  return [...ids].slice(0, 100);
}

@Injectable()
export class MetaWebhookService {
  constructor(
    private readonly secrets: ChannelSecretsService,
    @InjectEngine() private readonly engine: FlowEngineClient,
    @InjectRootLogger() private readonly logger: Logger,
  ) {}

  /** Verifies, normalises and records a webhook; flows run later, in the worker. */
  async receive(
    rawBody: Buffer | undefined,
    signature: string | undefined,
    body: unknown,
  ): Promise<{ events: number }> {
    if (!rawBody)
      throw new BadRequestException({ code: 'MALFORMED_WEBHOOK', message: 'Expected a JSON body.' });
    const secrets = await this.secrets.metaAppSecrets(phoneNumberIds(body));
    // Nothing is stored, and nothing parsed further, unless the signature is right.
    if (!secrets.some((secret) => verifyMetaSignature(rawBody, signature, secret))) {
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
    for (const event of parsed.events) {
      const result = await this.engine.ingest(event);
      if (result.outcome === 'unknown_channel') {
        this.logger.warn(
          { phoneNumberId: 'channel' in event ? event.channel.phoneNumberId : undefined },
          'webhook for a number no channel has',
        );
      }
    }
    return { events: parsed.events.length };
  }
}

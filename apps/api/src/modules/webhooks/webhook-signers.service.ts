import { Injectable } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient } from '@leadline/database';
import type { ChannelCredentials, ChannelScope } from '@leadline/engine';
import { createSecretBoxFromBase64Keys, type SecretBox } from '@leadline/secrets';
import {
  metaWebhookTargets,
  twilioWebhookNumbers,
  verifyMetaSignature,
  verifyTwilioSignature,
} from '@leadline/whatsapp';
import { InjectConfig, InjectPrisma } from '@leadline/bootstrap';

/** Distinct channel app secrets tried per Meta webhook (see metaScope). */
const MAX_SECRETS_TRIED = 10;

/**
 * Decides which channels a webhook's signature speaks for. A body may name any number; what it may
 * change is only what the signing secret owns: every channel for the deployment's META_APP_SECRET,
 * otherwise just the channels whose own secret (Meta app secret, Twilio auth token) verifies the
 * bytes. The engine then applies each event only inside that scope (ChannelScope).
 *
 * Runs before the body's shape is validated: it reads only the ids it needs to find candidate
 * channels (metaWebhookTargets / twilioWebhookNumbers never throw, whatever the JSON or form).
 * The lookups are system-level (no tenant is known yet); nothing here is logged.
 */
@Injectable()
export class WebhookSignersService {
  private readonly box: SecretBox;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectPrisma() private readonly prisma: PrismaClient,
  ) {
    this.box = createSecretBoxFromBase64Keys({
      current: config.security.encryptionKey,
      previous: config.security.previousEncryptionKeys,
    });
  }

  /**
   * The scope of a Meta webhook, or null when no candidate secret signed these exact bytes. `body`
   * parses the JSON on demand: only when the deployment's secret did not sign the bytes (undefined
   * when they are not JSON: no channel to try then).
   */
  async metaScope(
    rawBody: Buffer,
    signature: string | undefined,
    body: () => unknown,
  ): Promise<ChannelScope | null> {
    const deploymentSecret = this.config.whatsapp.meta.appSecret;
    // The raw bytes alone: the common case (one platform app) needs nothing read from the body.
    if (deploymentSecret && verifyMetaSignature(rawBody, signature, deploymentSecret)) return { kind: 'any' };
    if (!signature) return null;
    const { phoneNumberIds, wabaIds } = metaWebhookTargets(body());
    if (!phoneNumberIds.length && !wabaIds.length) return null;
    const channels = await this.prisma.channel.findMany({
      where: {
        provider: 'meta',
        OR: [{ phoneNumberId: { in: phoneNumberIds } }, { wabaId: { in: wabaIds } }],
      },
      select: { id: true, encryptedCredentials: true },
    });
    // One HMAC of the (up to 3 MB) body per distinct secret, and only a few secrets: a genuine body
    // comes from one Meta app, so more candidates only mean someone is making us hash.
    const verdicts = new Map<string, boolean>();
    const signed = channels.filter((channel) => {
      const secret = this.credentials(channel.encryptedCredentials)?.appSecret;
      if (!secret) return false;
      if (!verdicts.has(secret)) {
        if (verdicts.size >= MAX_SECRETS_TRIED) return false;
        verdicts.set(secret, verifyMetaSignature(rawBody, signature, secret));
      }
      return verdicts.get(secret)!;
    });
    return signed.length ? { kind: 'channels', channelIds: signed.map((channel) => channel.id) } : null;
  }

  /**
   * The scope of a Twilio webhook: the channels named in `To`/`From` whose auth token signed the
   * URL and form, and whose account is the `AccountSid` sent (when one is). Null when none did.
   */
  async twilioScope(
    url: string,
    params: Record<string, unknown>,
    signature: string | undefined,
  ): Promise<ChannelScope | null> {
    const numbers = twilioWebhookNumbers(params);
    if (!signature || !numbers.length) return null;
    const channels = await this.prisma.channel.findMany({
      where: { provider: 'twilio', phoneNumberId: { in: numbers } },
      select: { id: true, encryptedCredentials: true },
    });
    const accountSid = params.AccountSid;
    const signed = channels.filter((channel) => {
      const credentials = this.credentials(channel.encryptedCredentials);
      if (!credentials?.authToken) return false;
      if (accountSid !== undefined && credentials.accountSid && accountSid !== credentials.accountSid)
        return false;
      return verifyTwilioSignature({
        authToken: credentials.authToken,
        url,
        params: params as Record<string, string | string[]>,
        signature,
      });
    });
    return signed.length ? { kind: 'channels', channelIds: signed.map((channel) => channel.id) } : null;
  }

  /** A channel whose credentials cannot be opened (e.g. sealed under a retired key) signs nothing. */
  private credentials(sealed: Uint8Array | null): ChannelCredentials | undefined {
    if (!sealed) return undefined;
    try {
      return this.box.open(sealed) as ChannelCredentials;
    } catch {
      return undefined;
    }
  }
}

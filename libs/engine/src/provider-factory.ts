import {
  MetaCloudProvider,
  SandboxProvider,
  TwilioProvider,
  type WhatsAppProvider,
} from '@leadline/whatsapp';
import type { ProviderFactory } from './engine-ports';

/** What a channel's sealed credentials hold, per provider (see the `channel add` command). */
export interface ChannelCredentials {
  accessToken?: string;
  appSecret?: string;
  accountSid?: string;
  authToken?: string;
  from?: string;
  contentSids?: Record<string, string>;
  /** The two-step verification PIN an Embedded Signup number was registered with (re-registration). */
  registrationPin?: string;
}

export interface ProviderFactoryOptions {
  meta: { graphUrl: string; graphVersion: string };
  twilio: { apiUrl: string };
  /** Twilio status callbacks come back here (PUBLIC_URL + /webhooks/twilio). */
  publicUrl: string;
  /** Decrypts a channel's sealed credentials. */
  openCredentials: (sealed: Uint8Array) => ChannelCredentials;
  /** The one sandbox every sandbox channel shares in this process. */
  sandbox?: SandboxProvider;
}

export class MissingCredentialsError extends Error {}

/**
 * Builds each channel's provider once per process. A channel whose credentials change gets a new row
 * version in practice (disable + add), so caching by id is safe; `forget` drops one explicitly.
 */
export function createProviderFactory(
  options: ProviderFactoryOptions,
): ProviderFactory & { forget(channelId: string): void } {
  const cache = new Map<string, WhatsAppProvider>();
  const sandbox = options.sandbox ?? new SandboxProvider();
  const build: ProviderFactory = (channel) => {
    if (channel.provider === 'sandbox') return sandbox;
    if (!channel.encryptedCredentials)
      throw new MissingCredentialsError(`channel ${channel.id} has no credentials`);
    const credentials = options.openCredentials(channel.encryptedCredentials);
    if (channel.provider === 'meta') {
      if (!credentials.accessToken)
        throw new MissingCredentialsError(`channel ${channel.id} has no Meta access token`);
      return new MetaCloudProvider({
        graphUrl: options.meta.graphUrl,
        graphVersion: options.meta.graphVersion,
        phoneNumberId: channel.phoneNumberId,
        wabaId: channel.wabaId ?? '',
        accessToken: credentials.accessToken,
      });
    }
    if (!credentials.accountSid || !credentials.authToken || !credentials.from) {
      throw new MissingCredentialsError(
        `channel ${channel.id} needs a Twilio account SID, auth token and sender`,
      );
    }
    return new TwilioProvider({
      apiUrl: options.twilio.apiUrl,
      accountSid: credentials.accountSid,
      authToken: credentials.authToken,
      from: credentials.from,
      contentSids: credentials.contentSids ?? {},
      statusCallback: `${options.publicUrl}/webhooks/twilio`,
    });
  };
  const factory = ((channel) => {
    const cached = cache.get(channel.id);
    if (cached) return cached;
    const provider = build(channel);
    cache.set(channel.id, provider);
    return provider;
  }) as ProviderFactory & { forget(channelId: string): void };
  factory.forget = (channelId) => cache.delete(channelId);
  return factory;
}

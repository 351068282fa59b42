import { Injectable } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient } from '@leadline/database';
import type { ChannelCredentials } from '@leadline/engine';
import { createSecretBoxFromBase64Keys, type SecretBox } from '@leadline/secrets';
import { InjectConfig } from '../config/app-config.token';
import { InjectPrisma } from '../database/prisma.module';

/** Looks up the secrets webhooks are signed with: a channel's own, or the deployment's Meta app secret. */
@Injectable()
export class ChannelSecretsService {
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

  /** Candidate app secrets for a Meta webhook about these phone number ids (system-level lookup). */
  async metaAppSecrets(phoneNumberIds: string[]): Promise<string[]> {
    const secrets = this.config.whatsapp.meta.appSecret ? [this.config.whatsapp.meta.appSecret] : [];
    if (!phoneNumberIds.length) return secrets;
    const channels = await this.prisma.channel.findMany({
      where: { provider: 'meta', phoneNumberId: { in: phoneNumberIds } },
      select: { encryptedCredentials: true },
    });
    for (const channel of channels) {
      const secret = this.credentials(channel.encryptedCredentials)?.appSecret;
      if (secret && !secrets.includes(secret)) secrets.push(secret);
    }
    return secrets;
  }

  /** The auth token of the Twilio channel whose number a webhook names. */
  async twilioAuthToken(phoneNumber: string): Promise<string | undefined> {
    const channel = await this.prisma.channel.findUnique({
      where: { provider_phoneNumberId: { provider: 'twilio', phoneNumberId: phoneNumber } },
      select: { encryptedCredentials: true },
    });
    return this.credentials(channel?.encryptedCredentials ?? null)?.authToken;
  }

  private credentials(sealed: Uint8Array | null): ChannelCredentials | undefined {
    if (!sealed) return undefined;
    return this.box.open(sealed) as ChannelCredentials;
  }
}

import { BadRequestException, HttpException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient } from '@leadline/database';
import {
  describeProviderFailure,
  syncChannelTemplates,
  templateProviders,
  type ChannelCredentials,
  type TemplateProviders,
  type TemplateSyncCounts,
} from '@leadline/engine';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { completeEmbeddedSignup, EmbeddedSignupError } from '@leadline/whatsapp';
import type { Principal } from '../auth/api-key-principal';
import { InjectConfig, InjectPrisma } from '@leadline/bootstrap';
import { ChannelsService, type ChannelView } from './channels.service';
import type { EmbeddedSignup } from './embedded-signup.schema';

/** What the Connect WhatsApp button needs to open Meta's dialog; all public ids. */
export interface EmbeddedSignupSettings {
  enabled: boolean;
  appId: string | null;
  configId: string | null;
  graphVersion: string;
}

export interface EmbeddedSignupOutcome {
  channel: ChannelView;
  /** The first template sync; a failure here leaves the channel (sync again later). */
  templates: (TemplateSyncCounts & { ok: true }) | { ok: false; error: string };
}

function signupException(error: EmbeddedSignupError): HttpException {
  const body = { code: error.code, message: error.message };
  return error.code === 'PROVIDER_UNREACHABLE' || error.code === 'SIGNUP_NOT_CONFIGURED'
    ? new ServiceUnavailableException(body)
    : new BadRequestException(body);
}

/**
 * The server half of Meta's Embedded Signup: the Graph steps (libs/whatsapp) first, then the channel
 * is stored in one transaction with its token sealed, then its templates are synced. A failed step
 * stores nothing; the user sees the step's plain message and code.
 */
@Injectable()
export class EmbeddedSignupService {
  private readonly templates: TemplateProviders;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly channels: ChannelsService,
  ) {
    const box = createSecretBoxFromBase64Keys({
      current: config.security.encryptionKey,
      previous: config.security.previousEncryptionKeys,
    });
    this.templates = templateProviders({
      meta: config.whatsapp.meta,
      twilio: config.whatsapp.twilio,
      publicUrl: config.server.publicUrl,
      openCredentials: (sealed) => box.open(sealed) as ChannelCredentials,
    });
  }

  settings(): EmbeddedSignupSettings {
    const { appId, appSecret, embeddedSignupConfigId, graphVersion } = this.config.whatsapp.meta;
    return {
      enabled: Boolean(appId && appSecret && embeddedSignupConfigId),
      appId: appId ?? null,
      configId: embeddedSignupConfigId ?? null,
      graphVersion,
    };
  }

  async complete(principal: Principal, input: EmbeddedSignup): Promise<EmbeddedSignupOutcome> {
    const meta = this.config.whatsapp.meta;
    if (!meta.appId || !meta.appSecret) {
      throw new ServiceUnavailableException({
        code: 'SIGNUP_NOT_CONFIGURED',
        message: 'Embedded Signup is not enabled on this server (META_APP_ID and META_APP_SECRET).',
      });
    }
    let result;
    try {
      result = await completeEmbeddedSignup(input, {
        appId: meta.appId,
        appSecret: meta.appSecret,
        graphUrl: meta.graphUrl,
        graphVersion: meta.graphVersion,
      });
    } catch (error) {
      if (error instanceof EmbeddedSignupError) throw signupException(error);
      throw error;
    }
    const { displayPhone, ...health } = result.number;
    const channel = await this.channels.store(principal, {
      provider: 'meta',
      name: input.name ?? result.number.verifiedName ?? null,
      phoneNumberId: input.phoneNumberId,
      wabaId: input.wabaId,
      displayPhone,
      // Webhooks of Embedded Signup numbers are signed with the platform app's secret (META_APP_SECRET).
      credentials: { accessToken: result.accessToken, registrationPin: result.pin },
      health: {
        verifiedName: health.verifiedName,
        qualityRating: health.qualityRating,
        messagingTier: health.messagingTier,
      },
      via: 'embedded_signup',
    });
    let templates: EmbeddedSignupOutcome['templates'];
    try {
      templates = { ok: true, ...(await syncChannelTemplates(this.prisma, this.templates, channel.id)) };
    } catch (error) {
      templates = { ok: false, error: describeProviderFailure(error) };
    }
    return { channel, templates };
  }
}

import { BadRequestException, Injectable } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { isUuid, withTenant, type PrismaClient } from '@leadline/database';
import {
  createTemplate,
  InvalidTemplateError,
  TemplateChannelError,
  templateProviders,
  type ChannelCredentials,
  type TemplateProviders,
} from '@leadline/engine';
import { checkTemplateDraft, templateComponents } from '@leadline/flow-core';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { InjectConfig, InjectPrisma } from '@leadline/bootstrap';
import { notFound } from '../errors/not-found';
import type { SubmitTemplate } from './templates.schema';
import { TEMPLATE_VIEW, type TemplateView } from './template-view';

/**
 * Submits templates built in the web app: the platform's rules are checked first (the same pure
 * module the builder uses), then the channel's provider reviews it (Meta, or Twilio's Content API
 * with a WhatsApp approval request). A resubmission after a rejection replaces the stored row.
 */
@Injectable()
export class TemplatesService {
  private readonly providers: TemplateProviders;

  constructor(
    @InjectConfig() config: AppConfig,
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
  ) {
    const box = createSecretBoxFromBase64Keys({
      current: config.security.encryptionKey,
      previous: config.security.previousEncryptionKeys,
    });
    this.providers = templateProviders({
      meta: config.whatsapp.meta,
      twilio: config.whatsapp.twilio,
      publicUrl: config.server.publicUrl,
      openCredentials: (sealed) => box.open(sealed) as ChannelCredentials,
    });
  }

  async submit(principal: Principal, input: SubmitTemplate): Promise<TemplateView> {
    if (!isUuid(input.channelId)) throw notFound('channel', input.channelId);
    const channel = await withTenant(this.prisma, principal.tenantId, (tx) =>
      tx.channel.findUnique({ where: { id: input.channelId }, select: { id: true } }),
    );
    if (!channel) throw notFound('channel', input.channelId);
    const problems = checkTemplateDraft(input.template);
    if (problems.length) {
      // A list of messages becomes the error's `details` (one line per problem).
      throw new BadRequestException({
        code: 'TEMPLATE_INVALID',
        message: problems.map((p) => `${p.field}: ${p.message}`),
      });
    }
    let created;
    try {
      created = await createTemplate(this.prisma, this.providers, {
        channelId: channel.id,
        name: input.template.name,
        language: input.template.language,
        category: input.template.category,
        components: templateComponents(input.template),
      });
    } catch (error) {
      if (error instanceof InvalidTemplateError) {
        throw new BadRequestException({ code: 'TEMPLATE_INVALID', message: error.message });
      }
      if (error instanceof TemplateChannelError) {
        throw new BadRequestException({ code: 'TEMPLATE_REFUSED', message: error.reason });
      }
      throw error;
    }
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      await this.audit.record(tx, principal, {
        action: 'template.submitted',
        targetType: 'template',
        targetId: created.id,
        data: {
          via: 'api',
          channelId: created.channelId,
          name: created.name,
          language: created.language,
          category: created.category,
          status: created.status,
          providerTemplateId: created.providerTemplateId,
        },
      });
      return tx.template.findUniqueOrThrow({ where: { id: created.id }, select: TEMPLATE_VIEW });
    });
  }
}

import { Injectable, NotFoundException } from '@nestjs/common';
import { AI_KEY_SECRETS, tenantAiSettings, writeTenantSecret } from '@leadline/ai';
import type { AppConfig } from '@leadline/config';
import { withTenant, type PrismaClient } from '@leadline/database';
import { createSecretBoxFromBase64Keys, type SecretBox } from '@leadline/secrets';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { AI_KEY_PROVIDERS, type AiKeyProvider, type SetAiKey } from './ai-keys.schema';
import { InjectConfig, InjectPrisma } from '@leadline/bootstrap';

export interface AiKeyView {
  provider: AiKeyProvider;
  /** Whether the workspace has its own key (the key itself is never shown). */
  set: boolean;
  updatedAt: string | null;
  /** The workspace's model for this provider, when it chose one. */
  model: string | null;
  /** Whether the server has a key of its own that steps fall back on. */
  serverKey: boolean;
}

const MODEL_SETTING: Record<AiKeyProvider, 'openaiModel' | 'geminiModel'> = {
  openai: 'openaiModel',
  gemini: 'geminiModel',
};

export function isAiKeyProvider(value: string): value is AiKeyProvider {
  return (AI_KEY_PROVIDERS as readonly string[]).includes(value);
}

/**
 * The workspace's own OpenAI and Gemini keys (the same sealed `tenant_secrets` rows as the CLI's
 * `ai keys set`): set, replaced and removed by owners and admins; read back only as "set" or not.
 */
@Injectable()
export class AiKeysService {
  private readonly box: SecretBox;

  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectConfig() private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {
    this.box = createSecretBoxFromBase64Keys({
      current: config.security.encryptionKey,
      previous: config.security.previousEncryptionKeys,
    });
  }

  list(principal: Principal): Promise<AiKeyView[]> {
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const secrets = await tx.tenantSecret.findMany({
        where: { name: { in: Object.values(AI_KEY_SECRETS) } },
        select: { name: true, updatedAt: true },
      });
      const tenant = await tx.tenant.findUniqueOrThrow({
        where: { id: principal.tenantId },
        select: { settings: true },
      });
      const settings = tenantAiSettings(tenant.settings);
      return AI_KEY_PROVIDERS.map((provider) => {
        const secret = secrets.find((row) => row.name === AI_KEY_SECRETS[provider]);
        return {
          provider,
          set: !!secret,
          updatedAt: secret?.updatedAt.toISOString() ?? null,
          model: settings[MODEL_SETTING[provider]] ?? null,
          serverKey: !!this.config.ai[provider].apiKey?.trim(),
        };
      });
    });
  }

  async set(principal: Principal, provider: AiKeyProvider, input: SetAiKey): Promise<AiKeyView[]> {
    await withTenant(this.prisma, principal.tenantId, async (tx) => {
      await writeTenantSecret(tx, this.box, {
        tenantId: principal.tenantId,
        name: AI_KEY_SECRETS[provider],
        value: input.key,
      });
      if (input.model !== undefined) {
        // One statement, so a concurrent change to other settings is not overwritten; '' clears it.
        await tx.$executeRaw`
          UPDATE tenants
          SET settings = jsonb_set(
            COALESCE(settings, '{}'::jsonb), '{ai}',
            CASE WHEN ${input.model}::text = ''
              THEN COALESCE(settings->'ai', '{}'::jsonb) - ${MODEL_SETTING[provider]}::text
              ELSE COALESCE(settings->'ai', '{}'::jsonb) || jsonb_build_object(${MODEL_SETTING[provider]}::text, ${input.model}::text)
            END)
          WHERE id = ${principal.tenantId}::uuid`;
      }
      await this.audit.record(tx, principal, {
        action: 'ai_key.set',
        targetType: 'ai_key',
        targetId: provider,
        data: { provider, ...(input.model ? { model: input.model } : {}) },
      });
    });
    return this.list(principal);
  }

  async remove(principal: Principal, provider: AiKeyProvider): Promise<AiKeyView[]> {
    const removed = await withTenant(this.prisma, principal.tenantId, async (tx) => {
      const { count } = await tx.tenantSecret.deleteMany({ where: { name: AI_KEY_SECRETS[provider] } });
      if (count) {
        await this.audit.record(tx, principal, {
          action: 'ai_key.removed',
          targetType: 'ai_key',
          targetId: provider,
          data: { provider },
        });
      }
      return count;
    });
    if (!removed) {
      throw new NotFoundException({
        code: 'NOT_FOUND',
        message: `The workspace has no ${provider === 'openai' ? 'OpenAI' : 'Gemini'} key of its own.`,
      });
    }
    return this.list(principal);
  }
}

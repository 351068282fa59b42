import { AI_PROVIDERS, type AiProviderName } from './ai-provider';

/** The server's AI settings (config.ai): used when a workspace has none of its own. */
export interface AiDefaults {
  openai: { apiKey?: string; baseUrl: string; model: string };
  gemini: { apiKey?: string; baseUrl: string; model: string };
}

/** `tenants.settings.ai`: the workspace's choices, all optional. */
export interface TenantAiSettings {
  provider?: AiProviderName;
  openaiModel?: string;
  geminiModel?: string;
}

export interface AiSetup {
  provider: AiProviderName;
  model: string;
  baseUrl: string;
  /** Where the key came from, for logs: the workspace's secret or the server's environment. */
  keySource: 'tenant' | 'server';
}

const NAMES: Record<AiProviderName, string> = { openai: 'OpenAI', gemini: 'Gemini' };

function isProvider(value: unknown): value is AiProviderName {
  return typeof value === 'string' && (AI_PROVIDERS as readonly string[]).includes(value);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Reads `settings.ai` leniently: a wrong value is ignored, not fatal. */
export function tenantAiSettings(settings: unknown): TenantAiSettings {
  const ai = (settings as { ai?: unknown } | null)?.ai;
  if (!ai || typeof ai !== 'object') return {};
  const { provider, openaiModel, geminiModel } = ai as Record<string, unknown>;
  return {
    ...(isProvider(provider) ? { provider } : {}),
    ...(nonEmpty(openaiModel) ? { openaiModel: nonEmpty(openaiModel) } : {}),
    ...(nonEmpty(geminiModel) ? { geminiModel: nonEmpty(geminiModel) } : {}),
  };
}

/**
 * Which provider, model and key source an AI step uses:
 * - provider: the node's (or its flow's), else the workspace's setting, else the first provider that
 *   has a key (the workspace's own keys first, then the server's; OpenAI before Gemini);
 * - key: the workspace's secret, else the server's environment variable;
 * - model: the node's, else the workspace's setting for that provider, else the server's default.
 * Returns the provider's display name instead when no key exists for it.
 */
export function resolveAiSetup(input: {
  provider?: AiProviderName;
  model?: string;
  settings: TenantAiSettings;
  tenantKeys: ReadonlySet<AiProviderName>;
  defaults: AiDefaults;
}): AiSetup | { missingKey: string } {
  const { settings, tenantKeys, defaults } = input;
  const provider =
    input.provider ??
    settings.provider ??
    AI_PROVIDERS.find((name) => tenantKeys.has(name)) ??
    AI_PROVIDERS.find((name) => nonEmpty(defaults[name].apiKey)) ??
    'openai';
  const keySource = tenantKeys.has(provider)
    ? 'tenant'
    : nonEmpty(defaults[provider].apiKey)
      ? 'server'
      : null;
  if (!keySource) return { missingKey: NAMES[provider] };
  const model =
    nonEmpty(input.model) ??
    (provider === 'openai' ? settings.openaiModel : settings.geminiModel) ??
    defaults[provider].model;
  return { provider, model, baseUrl: defaults[provider].baseUrl, keySource };
}

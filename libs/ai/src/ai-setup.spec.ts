import { resolveAiSetup, tenantAiSettings, type AiDefaults } from './ai-setup';

const defaults = (keys: { openai?: string; gemini?: string } = {}): AiDefaults => ({
  openai: { apiKey: keys.openai, baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini' },
  gemini: {
    apiKey: keys.gemini,
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    model: 'gemini-2.0-flash',
  },
});

describe('resolveAiSetup', () => {
  it("prefers the node's provider and model over the workspace's settings", () => {
    expect(
      resolveAiSetup({
        provider: 'gemini',
        model: 'gemini-2.5-pro',
        settings: { provider: 'openai', geminiModel: 'gemini-x' },
        tenantKeys: new Set(['openai', 'gemini']),
        defaults: defaults(),
      }),
    ).toEqual({
      provider: 'gemini',
      model: 'gemini-2.5-pro',
      baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
      keySource: 'tenant',
    });
  });

  it("uses the workspace's provider and its model for that provider", () => {
    expect(
      resolveAiSetup({
        settings: { provider: 'gemini', openaiModel: 'gpt-x', geminiModel: 'gemini-y' },
        tenantKeys: new Set(),
        defaults: defaults({ gemini: 'server-key' }),
      }),
    ).toMatchObject({ provider: 'gemini', model: 'gemini-y', keySource: 'server' });
  });

  it('without a choice, picks the provider the workspace has a key for, then the server', () => {
    expect(
      resolveAiSetup({ settings: {}, tenantKeys: new Set(['gemini']), defaults: defaults({ openai: 'k' }) }),
    ).toMatchObject({ provider: 'gemini', keySource: 'tenant', model: 'gemini-2.0-flash' });
    expect(
      resolveAiSetup({ settings: {}, tenantKeys: new Set(), defaults: defaults({ gemini: 'k' }) }),
    ).toMatchObject({ provider: 'gemini', keySource: 'server' });
    expect(
      resolveAiSetup({
        settings: {},
        tenantKeys: new Set(),
        defaults: defaults({ openai: 'a', gemini: 'b' }),
      }),
    ).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
  });

  it('names the provider whose key is missing', () => {
    expect(resolveAiSetup({ settings: {}, tenantKeys: new Set(), defaults: defaults() })).toEqual({
      missingKey: 'OpenAI',
    });
    expect(
      resolveAiSetup({
        provider: 'gemini',
        settings: {},
        tenantKeys: new Set(['openai']),
        defaults: defaults({ openai: 'k' }),
      }),
    ).toEqual({ missingKey: 'Gemini' });
    expect(
      resolveAiSetup({ settings: {}, tenantKeys: new Set(), defaults: defaults({ openai: '   ' }) }),
    ).toEqual({ missingKey: 'OpenAI' });
  });
});

describe('tenantAiSettings', () => {
  it('reads settings.ai and ignores wrong values', () => {
    expect(
      tenantAiSettings({ ai: { provider: 'gemini', openaiModel: ' gpt-4.1 ', geminiModel: 3 } }),
    ).toEqual({
      provider: 'gemini',
      openaiModel: 'gpt-4.1',
    });
    expect(tenantAiSettings({ ai: { provider: 'claude' } })).toEqual({});
    expect(tenantAiSettings(null)).toEqual({});
    expect(tenantAiSettings({ ai: 'openai' })).toEqual({});
  });
});

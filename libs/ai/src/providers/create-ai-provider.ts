import type { AiProvider, ProviderSpec } from '../ai-provider';
import { createGeminiProvider } from './gemini.provider';
import { createOpenAiProvider } from './openai.provider';

export function createAiProvider({ name, ...spec }: ProviderSpec): AiProvider {
  return name === 'gemini' ? createGeminiProvider(spec) : createOpenAiProvider(spec);
}

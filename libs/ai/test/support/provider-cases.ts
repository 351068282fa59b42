import {
  createGeminiProvider,
  createOpenAiProvider,
  type AiProvider,
  type AiProviderName,
  type ChatMessage,
} from '../../src';
import { geminiAnswer, openAiAnswer, type FakeResponse, type RecordedRequest } from './fake-ai-server';

export const TEST_KEY = 'sk-test-abcdefghijklmnop';

/** One provider as the tests drive it: how to build it against a fake, and how to read what it sent. */
export interface ProviderCase {
  name: AiProviderName;
  model: string;
  /** The path the SDK must call on the fake. */
  path: string;
  create(origin: string, options?: { maxRetries?: number }): AiProvider;
  answer(text: string, usage?: { input: number; output: number }): FakeResponse;
  /** The system text of a recorded request. */
  system(request: RecordedRequest): string;
  /** The conversation turns of a recorded request, one entry per text part. */
  turns(request: RecordedRequest): ChatMessage[];
  /** The JSON schema the request asked for, if any (as the provider spells it). */
  schema(request: RecordedRequest): Record<string, unknown> | undefined;
  /** The API key the request carried. */
  key(request: RecordedRequest): string | undefined;
}

export const openAiCase: ProviderCase = {
  name: 'openai',
  model: 'gpt-test-mini',
  path: '/v1/chat/completions',
  create: (origin, options = {}) =>
    createOpenAiProvider({
      apiKey: TEST_KEY,
      baseUrl: `${origin}/v1`,
      model: 'gpt-test-mini',
      maxRetries: options.maxRetries ?? 2,
    }),
  answer: (text, usage = { input: 120, output: 30 }) =>
    openAiAnswer(text, { prompt: usage.input, completion: usage.output }),
  system: (request) => {
    const messages = request.body.messages as Array<{ role: string; content: string }>;
    return messages
      .filter((message) => message.role === 'system')
      .map((message) => message.content)
      .join('\n');
  },
  turns: (request) =>
    (request.body.messages as Array<{ role: string; content: string }>)
      .filter((message) => message.role !== 'system')
      .map((message) => ({ role: message.role as ChatMessage['role'], content: message.content })),
  schema: (request) => {
    const format = request.body.response_format as
      { type: string; json_schema: { schema: Record<string, unknown>; strict: boolean } } | undefined;
    return format?.json_schema.schema;
  },
  key: (request) => request.headers.authorization?.replace(/^Bearer /, ''),
};

export const geminiCase: ProviderCase = {
  name: 'gemini',
  model: 'gemini-test-flash',
  path: '/v1beta/models/gemini-test-flash:generateContent',
  create: (origin, options = {}) =>
    createGeminiProvider({
      apiKey: TEST_KEY,
      baseUrl: `${origin}/v1beta`,
      model: 'gemini-test-flash',
      maxRetries: options.maxRetries ?? 2,
      retryBaseDelayMs: 10,
    }),
  answer: (text, usage = { input: 110, output: 25 }) =>
    geminiAnswer(text, { prompt: usage.input, candidates: usage.output }),
  system: (request) => {
    const instruction = request.body.systemInstruction as { parts: Array<{ text: string }> } | undefined;
    return (instruction?.parts ?? []).map((part) => part.text).join('\n');
  },
  turns: (request) =>
    (request.body.contents as Array<{ role: string; parts: Array<{ text: string }> }>).flatMap((content) =>
      content.parts.map((part) => ({
        role: content.role === 'model' ? ('assistant' as const) : ('user' as const),
        content: part.text,
      })),
    ),
  schema: (request) =>
    (request.body.generationConfig as { responseSchema?: Record<string, unknown> } | undefined)
      ?.responseSchema,
  key: (request) => request.headers['x-goog-api-key'] as string | undefined,
};

export const PROVIDER_CASES = [openAiCase, geminiCase];

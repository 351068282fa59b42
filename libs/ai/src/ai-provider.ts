export type AiProviderName = 'openai' | 'gemini';

export const AI_PROVIDERS: readonly AiProviderName[] = ['openai', 'gemini'];

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** A JSON Schema subset both providers understand: object, string, number, boolean, enum, nullable. */
export type JsonSchema = Record<string, unknown>;

export interface CompletionRequest {
  /** The business's instructions and our fixed rules; never anything the contact wrote. */
  system: string;
  messages: ChatMessage[];
  /** Asks for JSON matching the schema (structured output) instead of free text. */
  json?: { name: string; schema: JsonSchema };
  maxOutputTokens: number;
  /** Per attempt; the adapter's bounded retries may make the whole call take longer. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface CompletionResult {
  text: string;
  inputTokens: number;
  outputTokens: number;
  /** The model that was asked for (stable across provider snapshots, so usage groups well). */
  model: string;
}

/** One AI provider, bound to a key, an endpoint and a model. Errors are AiError. */
export interface AiProvider {
  readonly name: AiProviderName;
  readonly model: string;
  complete(request: CompletionRequest): Promise<CompletionResult>;
}

export interface ProviderSpec {
  name: AiProviderName;
  apiKey: string;
  /** OpenAI: up to and including /v1. Gemini: the host, optionally with the API version (/v1beta). */
  baseUrl: string;
  model: string;
  /** Retries after the first attempt on 429, 5xx, timeouts and connection errors. */
  maxRetries: number;
  /** First backoff delay where we retry ourselves (Gemini); OpenAI's SDK uses its own (0.5 s doubling). */
  retryBaseDelayMs?: number;
}

import {
  GoogleGenerativeAI,
  GoogleGenerativeAIAbortError,
  GoogleGenerativeAIFetchError,
  GoogleGenerativeAIResponseError,
  type Content,
  type GenerateContentResponse,
} from '@google/generative-ai';
import { AiError, badOutput, connectionError, errorForStatus, redactDetail, timeoutError } from '../ai-error';
import type {
  AiProvider,
  ChatMessage,
  CompletionRequest,
  CompletionResult,
  ProviderSpec,
} from '../ai-provider';
import { toGeminiSchema } from './gemini-schema';
import { withRetries } from './retry';

const API_VERSION = /^v\d+(?:alpha|beta)?\d*$/;

/**
 * The SDK builds `${baseUrl}/${apiVersion}/models/...`; GEMINI_BASE_URL may name the version
 * (https://generativelanguage.googleapis.com/v1beta), so it is split off here.
 */
export function splitGeminiBaseUrl(baseUrl: string): { baseUrl: string; apiVersion?: string } {
  const trimmed = baseUrl.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  const last = trimmed.slice(slash + 1);
  return slash > 'https://'.length && API_VERSION.test(last)
    ? { baseUrl: trimmed.slice(0, slash), apiVersion: last }
    : { baseUrl: trimmed };
}

/**
 * Gemini's generateContent through the official SDK. The SDK does not retry, so 429, 5xx, timeouts
 * and connection errors are retried here, `maxRetries` times with exponential backoff.
 */
export function createGeminiProvider(spec: Omit<ProviderSpec, 'name'>): AiProvider {
  // The SDK's own `timeout` leaves its timer running after the answer (keeping a stopping worker
  // alive); each attempt gets an AbortSignal with a timer we clear instead.
  const model = new GoogleGenerativeAI(spec.apiKey).getGenerativeModel(
    { model: spec.model },
    splitGeminiBaseUrl(spec.baseUrl),
  );
  const attempt = async (request: CompletionRequest): Promise<CompletionResult> => {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs);
    const forward = () => controller.abort();
    request.signal?.addEventListener('abort', forward, { once: true });
    let response: GenerateContentResponse;
    try {
      const result = await model.generateContent(
        {
          systemInstruction: request.system,
          contents: toContents(request.messages),
          generationConfig: {
            maxOutputTokens: request.maxOutputTokens,
            ...(request.json
              ? { responseMimeType: 'application/json', responseSchema: toGeminiSchema(request.json.schema) }
              : {}),
          },
        },
        { signal: controller.signal },
      );
      response = result.response;
    } catch (error) {
      throw mapGeminiError(error, timedOut || Boolean(request.signal?.aborted));
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', forward);
    }
    const metadata = response.usageMetadata as
      (GenerateContentResponse['usageMetadata'] & { thoughtsTokenCount?: number }) | undefined;
    const usage = {
      inputTokens: metadata?.promptTokenCount ?? 0,
      // Thinking models bill their thoughts as output.
      outputTokens: (metadata?.candidatesTokenCount ?? 0) + (metadata?.thoughtsTokenCount ?? 0),
    };
    let text: string;
    try {
      text = (response as GenerateContentResponse & { text(): string }).text();
    } catch (error) {
      if (error instanceof GoogleGenerativeAIResponseError) {
        throw badOutput("Gemini's safety filters blocked the answer.", usage);
      }
      throw error;
    }
    return { text, ...usage, model: spec.model };
  };
  return {
    name: 'gemini',
    model: spec.model,
    complete: (request) =>
      withRetries(
        {
          maxRetries: spec.maxRetries,
          baseDelayMs: spec.retryBaseDelayMs ?? 500,
          maxDelayMs: 8_000,
          signal: request.signal,
        },
        () => attempt(request),
      ),
  };
}

/** Gemini wants user/model turns; consecutive messages of one role are joined into one turn. */
function toContents(messages: ChatMessage[]): Content[] {
  const contents: Content[] = [];
  for (const message of messages) {
    const role = message.role === 'assistant' ? 'model' : 'user';
    const previous = contents[contents.length - 1];
    if (previous?.role === role) previous.parts.push({ text: message.content });
    else contents.push({ role, parts: [{ text: message.content }] });
  }
  return contents;
}

function mapGeminiError(error: unknown, aborted: boolean): AiError {
  if (error instanceof AiError) return error;
  if (error instanceof GoogleGenerativeAIFetchError && typeof error.status === 'number') {
    return errorForStatus('gemini', error.status, { cause: error, detail: redactDetail(error.message) });
  }
  if (aborted || error instanceof GoogleGenerativeAIAbortError) return timeoutError('gemini', error);
  if (error instanceof GoogleGenerativeAIResponseError) {
    return badOutput('Gemini gave an answer that could not be read.');
  }
  // Network failures ("Error fetching from ...") and unreadable bodies.
  return connectionError('gemini', error);
}

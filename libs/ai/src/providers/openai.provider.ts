import OpenAI from 'openai';
import { AiError, badOutput, connectionError, errorForStatus, redactDetail, timeoutError } from '../ai-error';
import type { AiProvider, CompletionRequest, CompletionResult, ProviderSpec } from '../ai-provider';

/**
 * Chat Completions through the official SDK, which retries 408/409/429/5xx and connection errors
 * itself (honouring Retry-After), `maxRetries` times. Any OpenAI-compatible base URL works.
 */
export function createOpenAiProvider(spec: Omit<ProviderSpec, 'name'>): AiProvider {
  const client = new OpenAI({
    apiKey: spec.apiKey,
    baseURL: spec.baseUrl,
    maxRetries: spec.maxRetries,
    // The SDK reads these from the environment otherwise; a tenant's key must not pick up the server's.
    organization: null,
    project: null,
  });
  return {
    name: 'openai',
    model: spec.model,
    async complete(request: CompletionRequest): Promise<CompletionResult> {
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      const started = Date.now();
      try {
        completion = await client.chat.completions.create(
          {
            model: spec.model,
            messages: [
              { role: 'system', content: request.system },
              ...request.messages.map((message) => ({ role: message.role, content: message.content })),
            ],
            max_completion_tokens: request.maxOutputTokens,
            ...(request.json
              ? {
                  response_format: {
                    type: 'json_schema' as const,
                    json_schema: { name: request.json.name, schema: request.json.schema, strict: true },
                  },
                }
              : {}),
          },
          { timeout: request.timeoutMs, ...(request.signal ? { signal: request.signal } : {}) },
        );
      } catch (error) {
        throw mapOpenAiError(error, Date.now() - started >= request.timeoutMs);
      }
      const usage = {
        inputTokens: completion.usage?.prompt_tokens ?? 0,
        outputTokens: completion.usage?.completion_tokens ?? 0,
      };
      const choice = completion.choices?.[0];
      if (choice?.message?.refusal) throw badOutput('The AI model declined to answer.', usage);
      if (choice?.finish_reason === 'content_filter') {
        throw badOutput("The AI provider's content filter blocked the answer.", usage);
      }
      return { text: choice?.message?.content ?? '', ...usage, model: spec.model };
    },
  };
}

/**
 * `outlasted` says the call took at least one attempt's timeout. The SDK recognises its timeout by
 * the abort error's name, which is lost when that error crosses a realm (test sandboxes, some
 * runtimes); a connection that failed only after the timeout is a timeout either way.
 */
function mapOpenAiError(error: unknown, outlasted: boolean): AiError {
  if (error instanceof AiError) return error;
  if (error instanceof OpenAI.APIConnectionTimeoutError || error instanceof OpenAI.APIUserAbortError) {
    return timeoutError('openai', error);
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return outlasted ? timeoutError('openai', error) : connectionError('openai', error);
  }
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    return errorForStatus('openai', error.status, { cause: error, detail: redactDetail(error.message) });
  }
  return new AiError('AI_PROVIDER_ERROR', 'OpenAI failed to answer.', false, {
    cause: error,
    detail: redactDetail(error instanceof Error ? error.message : undefined),
  });
}

import { AiError, redactDetail } from './ai-error';
import type { AiProvider } from './ai-provider';
import { AI_TASKS } from './tasks/ai-tasks';
import type { AiRequest, TaskContext, TaskOutput } from './tasks/ai-task';

export interface AiTaskResult {
  output: TaskOutput;
  inputTokens: number;
  outputTokens: number;
  model: string;
}

/**
 * Builds the node's prompt, calls the provider and checks the answer. Throws AiError; an answer that
 * fails the check still carries the tokens it used (`usage`), since they are billed.
 */
export async function runAiTask(
  provider: AiProvider,
  request: AiRequest,
  context: TaskContext,
  call: { timeoutMs: number; signal?: AbortSignal },
): Promise<AiTaskResult> {
  const task = AI_TASKS[request.task];
  let result;
  try {
    result = await provider.complete({ ...task.prompt(request, context), ...call });
  } catch (error) {
    throw error instanceof AiError
      ? error
      : new AiError('AI_PROVIDER_ERROR', 'The AI step failed unexpectedly.', false, {
          cause: error,
          detail: redactDetail(error instanceof Error ? error.message : String(error)),
        });
  }
  const usage = { inputTokens: result.inputTokens, outputTokens: result.outputTokens };
  try {
    return { output: task.read(request, result.text), ...usage, model: result.model };
  } catch (error) {
    const cause = error instanceof AiError ? error : undefined;
    throw new AiError('AI_BAD_OUTPUT', cause?.message ?? 'The AI answer could not be read.', false, {
      usage,
      cause: error,
    });
  }
}

import { AiError, createAiActivityHandler } from '@leadline/ai';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient } from '@leadline/database';
import type { ActivityHandler } from '@leadline/engine';
import type { EngineMetrics } from '@leadline/ops';
import type { SecretBox } from '@leadline/secrets';
import type { Logger } from 'pino';

export interface AiActivityDeps {
  config: AppConfig;
  prisma: PrismaClient;
  /** Opens the workspaces' own provider keys (tenant_secrets). */
  secrets: SecretBox;
  logger: Logger;
  /** Counts AI calls and tokens (ai_calls_total, ai_tokens_total); none when unset. */
  metrics?: EngineMetrics;
  /** Tests shorten these; production uses the handler's defaults (30 s per attempt, 2 retries). */
  timeoutMs?: number;
  maxRetries?: number;
}

/**
 * The `ai` activity of this worker: server defaults from OPENAI_* / GEMINI_*, workspace keys and
 * models from the database. A failed call is logged with its code and the provider's redacted words,
 * never with the contact's message or a key.
 */
export function createAiActivity(deps: AiActivityDeps): ActivityHandler {
  return createAiActivityHandler({
    prisma: deps.prisma,
    secrets: deps.secrets,
    defaults: deps.config.ai,
    ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}),
    ...(deps.maxRetries !== undefined ? { maxRetries: deps.maxRetries } : {}),
    onCall: ({ provider, task, outcome, inputTokens, outputTokens }) => {
      deps.metrics?.aiCalls.inc({ provider, task, outcome });
      if (inputTokens) deps.metrics?.aiTokens.inc({ provider, direction: 'input' }, inputTokens);
      if (outputTokens) deps.metrics?.aiTokens.inc({ provider, direction: 'output' }, outputTokens);
    },
    onError: (error, failure) => {
      if (error instanceof AiError) deps.logger.warn({ ai: failure }, 'AI step failed');
      else deps.logger.error({ err: error, ai: failure }, 'AI step failed');
    },
  });
}

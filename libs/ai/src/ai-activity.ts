import { withTenant, type PrismaClient } from '@leadline/database';
import type { ActivityHandler, ActivityJob, ActivityOutcome } from '@leadline/engine';
import type { SecretBox } from '@leadline/secrets';
import { AiError } from './ai-error';
import type { AiProvider, AiProviderName, ProviderSpec } from './ai-provider';
import { resolveAiSetup, tenantAiSettings, type AiDefaults } from './ai-setup';
import { createAiProvider } from './providers/create-ai-provider';
import { recordAiUsage } from './repositories/ai-usage.repository';
import {
  HISTORY_MESSAGES,
  loadConversationHistory,
  withoutCurrentMessage,
} from './repositories/conversation-history.repository';
import { AI_KEY_SECRETS } from './repositories/tenant-secret.repository';
import { runAiTask } from './run-ai-task';
import type { AiRequest } from './tasks/ai-task';

export interface AiFailure {
  tenantId: string;
  runId: string;
  nodeId: string;
  code: string;
  provider?: AiProviderName;
  model?: string;
  status?: number;
  /** The provider's words, redacted; for operators only. */
  detail?: string;
}

export interface AiActivityOptions {
  prisma: PrismaClient;
  /** Opens the workspaces' sealed keys (tenant_secrets); without it only the server's keys are used. */
  secrets?: SecretBox;
  /** The server's keys, endpoints and default models (config.ai). */
  defaults: AiDefaults;
  clock?: { now(): Date };
  /** Per attempt (default 30 s). */
  timeoutMs?: number;
  /** Provider-level retries on 429, 5xx, timeouts and connection errors (default 2). */
  maxRetries?: number;
  retryBaseDelayMs?: number;
  /** Earlier messages a reply sees (default 10). */
  historyMessages?: number;
  createProvider?: (spec: ProviderSpec) => AiProvider;
  /** A failed call or a failure to record usage; never carries message bodies or keys. */
  onError?: (error: unknown, failure: AiFailure) => void;
  /** Every call that reached a provider, with its outcome and billed tokens (for the metrics). */
  onCall?: (call: AiCallRecord) => void;
}

export interface AiCallRecord {
  provider: string;
  task: string;
  /** `ok`, or the error code of a failed call. */
  outcome: string;
  inputTokens: number;
  outputTokens: number;
}

const KEY_NAMES = Object.values(AI_KEY_SECRETS);

function fail(code: string, message: string): ActivityOutcome {
  return { ok: false, error: { code, message } };
}

/**
 * The engine's handler for `ai` steps. Every failure of the call itself is final (`{ ok: false }`,
 * the node's `error` port) once the provider adapter has spent its bounded retries: the queue's own
 * retries would not reach the run when they ran out. Only database failures throw (and are retried).
 */
export function createAiActivityHandler(options: AiActivityOptions): ActivityHandler {
  const clock = options.clock ?? { now: () => new Date() };
  const createProvider = options.createProvider ?? createAiProvider;
  const report = (error: unknown, failure: AiFailure) => {
    try {
      options.onError?.(error, failure);
    } catch {
      // Reporting must never change the outcome.
    }
  };

  return async (job: ActivityJob): Promise<ActivityOutcome> => {
    if (job.request.kind !== 'ai') {
      return fail('ACTIVITY_UNAVAILABLE', `The AI handler cannot run "${job.request.kind}" steps.`);
    }
    const request: AiRequest = job.request;
    const now = clock.now();
    const where = { tenantId: job.tenantId, runId: job.runId, nodeId: job.nodeId };

    const loaded = await withTenant(options.prisma, job.tenantId, async (tx) => {
      const tenant = await tx.tenant.findUnique({ where: { id: job.tenantId }, select: { settings: true } });
      const keys = await tx.tenantSecret.findMany({
        where: { name: { in: KEY_NAMES } },
        select: { name: true, sealed: true },
      });
      const history =
        request.task === 'reply'
          ? await loadConversationHistory(tx, {
              runId: job.runId,
              contactId: job.contactId,
              limit: options.historyMessages ?? HISTORY_MESSAGES,
            })
          : [];
      return { settings: tenantAiSettings(tenant?.settings), keys, history };
    });

    const sealedKey = (name: AiProviderName) =>
      options.secrets ? loaded.keys.find((key) => key.name === AI_KEY_SECRETS[name])?.sealed : undefined;
    const setup = resolveAiSetup({
      provider: request.provider,
      model: request.model,
      settings: loaded.settings,
      tenantKeys: new Set((['openai', 'gemini'] as const).filter((name) => sealedKey(name))),
      defaults: options.defaults,
    });
    if ('missingKey' in setup) {
      return fail(
        'AI_NOT_CONFIGURED',
        `No ${setup.missingKey} API key is set for this workspace or server, so AI steps cannot run.`,
      );
    }
    let apiKey: string | undefined;
    if (setup.keySource === 'tenant') {
      try {
        const { value } = options.secrets!.open(sealedKey(setup.provider)!);
        apiKey = typeof value === 'string' && value.trim() ? value.trim() : undefined;
      } catch (error) {
        report(error, { ...where, code: 'AI_NOT_CONFIGURED', provider: setup.provider });
      }
      if (!apiKey) {
        return fail(
          'AI_NOT_CONFIGURED',
          `The workspace's ${setup.provider === 'gemini' ? 'Gemini' : 'OpenAI'} API key cannot be read (was ENCRYPTION_KEY changed without keeping the previous key?).`,
        );
      }
    } else {
      apiKey = options.defaults[setup.provider].apiKey!.trim();
    }

    const provider = createProvider({
      name: setup.provider,
      apiKey,
      baseUrl: setup.baseUrl,
      model: setup.model,
      maxRetries: options.maxRetries ?? 2,
      ...(options.retryBaseDelayMs !== undefined ? { retryBaseDelayMs: options.retryBaseDelayMs } : {}),
    });
    const record = async (outcome: string, usage?: { inputTokens: number; outputTokens: number }) => {
      try {
        options.onCall?.({
          provider: setup.provider,
          task: request.task,
          outcome,
          inputTokens: usage?.inputTokens ?? 0,
          outputTokens: usage?.outputTokens ?? 0,
        });
      } catch {
        // Counting must never change the outcome.
      }
      try {
        await withTenant(options.prisma, job.tenantId, (tx) =>
          recordAiUsage(tx, {
            ...where,
            contactId: job.contactId,
            provider: setup.provider,
            model: setup.model,
            task: request.task,
            inputTokens: usage?.inputTokens ?? 0,
            outputTokens: usage?.outputTokens ?? 0,
            outcome,
            at: now,
          }),
        );
      } catch (error) {
        // The answer is paid for already; losing one usage row beats calling the model again.
        report(error, {
          ...where,
          code: 'AI_USAGE_NOT_RECORDED',
          provider: setup.provider,
          model: setup.model,
        });
      }
    };

    try {
      const result = await runAiTask(
        provider,
        request,
        { history: withoutCurrentMessage(loaded.history, request.input.text), now },
        { timeoutMs: options.timeoutMs ?? 30_000 },
      );
      await record('ok', result);
      return { ok: true, output: result.output };
    } catch (error) {
      const aiError =
        error instanceof AiError
          ? error
          : new AiError('AI_PROVIDER_ERROR', 'The AI step failed unexpectedly.', false, { cause: error });
      await record(aiError.code, aiError.usage);
      report(aiError, {
        ...where,
        code: aiError.code,
        provider: setup.provider,
        model: setup.model,
        ...(aiError.status !== undefined ? { status: aiError.status } : {}),
        ...(aiError.detail ? { detail: aiError.detail } : {}),
      });
      return fail(aiError.code, aiError.message);
    }
  };
}

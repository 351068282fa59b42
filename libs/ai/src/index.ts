export { AiError, errorForStatus, redactDetail, type AiErrorCode, type AiErrorOptions } from './ai-error';
export {
  AI_PROVIDERS,
  type AiProvider,
  type AiProviderName,
  type ChatMessage,
  type CompletionRequest,
  type CompletionResult,
  type JsonSchema,
  type ProviderSpec,
} from './ai-provider';
export { createAiProvider } from './providers/create-ai-provider';
export { createOpenAiProvider } from './providers/openai.provider';
export { createGeminiProvider, splitGeminiBaseUrl } from './providers/gemini.provider';
export { toGeminiSchema } from './providers/gemini-schema';
export { AI_TASKS } from './tasks/ai-tasks';
export type { AiRequest, AiTask, AiTaskName, TaskContext, TaskOutput, TaskPrompt } from './tasks/ai-task';
export { replySystem } from './tasks/reply.task';
export { classifySystem } from './tasks/classify.task';
export { extractSystem, extractionSchema } from './tasks/extract.task';
export { toWhatsAppText } from './tasks/whatsapp-text';
export { SAFETY_RULES, HISTORY_CHAR_BUDGET } from './tasks/prompt-parts';
export {
  resolveAiSetup,
  tenantAiSettings,
  type AiDefaults,
  type AiSetup,
  type TenantAiSettings,
} from './ai-setup';
export { runAiTask, type AiTaskResult } from './run-ai-task';
export {
  createAiActivityHandler,
  type AiActivityOptions,
  type AiCallRecord,
  type AiFailure,
} from './ai-activity';
export { AI_KEY_SECRETS, readTenantSecret, writeTenantSecret } from './repositories/tenant-secret.repository';
export {
  aiUsageSummary,
  recordAiUsage,
  type AiUsageLine,
  type AiUsageRecord,
  type AiUsageSummary,
} from './repositories/ai-usage.repository';
export {
  HISTORY_MESSAGES,
  loadConversationHistory,
  textOfMessage,
} from './repositories/conversation-history.repository';

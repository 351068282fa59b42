import type { ActivityRequest } from '@leadline/flow-core';
import type { ChatMessage, CompletionRequest } from '../ai-provider';

export type AiRequest = Extract<ActivityRequest, { kind: 'ai' }>;
export type AiTaskName = AiRequest['task'];
export type FieldType = NonNullable<AiRequest['fields']>[string];

/** What a task adds to the node's request: the conversation so far and the time, both loaded by the caller. */
export interface TaskContext {
  /** Earlier messages of the conversation, oldest first, without the contact's current message. */
  history: ChatMessage[];
  now: Date;
}

/** A provider request without the transport settings (timeout, signal) the caller adds. */
export type TaskPrompt = Pick<CompletionRequest, 'system' | 'messages' | 'json' | 'maxOutputTokens'>;

/** The result the flow core expects back for the task: { text }, { label } or { values }. */
export type TaskOutput = { text: string } | { label: string } | { values: Record<string, unknown> };

export interface AiTask {
  prompt(request: AiRequest, context: TaskContext): TaskPrompt;
  /** Checks the model's answer; a wrong one throws AiError AI_BAD_OUTPUT. */
  read(request: AiRequest, answer: string): TaskOutput;
}

import type { AiTask, AiTaskName } from './ai-task';
import { classifyTask } from './classify.task';
import { extractTask } from './extract.task';
import { replyTask } from './reply.task';

export const AI_TASKS: Record<AiTaskName, AiTask> = {
  reply: replyTask,
  classify: classifyTask,
  extract: extractTask,
};

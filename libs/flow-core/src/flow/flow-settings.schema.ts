import { z } from 'zod';
import { durationSchema } from './duration';
import { templateRefSchema } from './template-ref.schema';

export const flowSettingsSchema = z.looseObject({
  reengagementTemplate: templateRefSchema.optional(),
  windowSafetyMargin: durationSchema.optional(),
  aiProvider: z.enum(['openai', 'gemini']).optional(),
});

export type FlowSettings = z.infer<typeof flowSettingsSchema>;

export const DEFAULT_WINDOW_SAFETY_MARGIN_MS = 60_000;

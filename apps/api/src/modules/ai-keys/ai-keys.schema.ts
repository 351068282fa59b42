import { z } from 'zod';

export const AI_KEY_PROVIDERS = ['openai', 'gemini'] as const;
export type AiKeyProvider = (typeof AI_KEY_PROVIDERS)[number];

export const setAiKeySchema = z.strictObject({
  /** The provider's API key; stored sealed, never shown again. */
  key: z
    .string({ error: 'is required (the API key from your OpenAI or Gemini account)' })
    .trim()
    .min(8, { error: 'is too short to be an API key' })
    .max(1000, { error: 'must be at most 1000 characters' })
    .regex(/^\S+$/, { error: 'must be one line without spaces' }),
  /** The model the workspace's AI steps use with this provider (empty: the server's default). */
  model: z
    .string()
    .trim()
    .max(200, { error: 'must be at most 200 characters' })
    .regex(/^[A-Za-z0-9._:/-]*$/, { error: 'must be a model name such as gpt-4o-mini' })
    .optional(),
});
export type SetAiKey = z.output<typeof setAiKeySchema>;

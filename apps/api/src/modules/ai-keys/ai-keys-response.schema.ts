import { z } from 'zod';
import { isoDate } from '../pagination/page-response.schema';
import { AI_KEY_PROVIDERS } from './ai-keys.schema';

/** What the AI keys routes answer (see flows-response.schema.ts for why these are zod). */
export const aiKeyViewsSchema = z.array(
  z.object({
    provider: z.enum(AI_KEY_PROVIDERS),
    set: z.boolean().describe('Whether the workspace has its own key (the key itself is never shown)'),
    updatedAt: isoDate.nullable(),
    model: z.string().nullable().describe("The workspace's model for this provider, when it chose one"),
    serverKey: z.boolean().describe('Whether the server has a key of its own that steps fall back on'),
  }),
);

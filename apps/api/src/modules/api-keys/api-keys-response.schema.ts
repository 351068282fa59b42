import { z } from 'zod';
import { isoDate, pageSchemaOf } from '../pagination/page-response.schema';

/** What the API keys routes answer (see flows-response.schema.ts for why these are zod). */
export const apiKeyViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe('The start of the key, to recognise it (the key itself is never shown again)'),
  scopes: z.array(z.string()),
  createdAt: isoDate,
  lastUsedAt: isoDate.nullable(),
  revokedAt: isoDate.nullable(),
});

export const apiKeyPageSchema = pageSchemaOf(apiKeyViewSchema);

export const createdApiKeySchema = apiKeyViewSchema.extend({
  key: z.string().describe('The key itself: in this answer only (it is stored as a hash)'),
});

import { z } from 'zod';
import { PERMISSIONS } from '../auth/permissions';
import { pageQueryShape } from '../pagination/page';

export const createApiKeySchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(100, { error: 'must be at most 100 characters' }),
  scopes: z
    .array(z.enum(PERMISSIONS, { error: `must each be one of ${PERMISSIONS.join(', ')}` }))
    .min(1, { error: 'must name at least one scope' })
    .transform((scopes) => [...new Set(scopes)]),
});

export const listApiKeysSchema = z.strictObject({
  ...pageQueryShape,
  revoked: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
});

export type CreateApiKey = z.output<typeof createApiKeySchema>;
export type ListApiKeys = z.output<typeof listApiKeysSchema>;

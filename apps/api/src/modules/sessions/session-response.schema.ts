import { z } from 'zod';
import { ROLES } from '../auth/role-permissions';

/** 200 of login and refresh (Session). */
export const sessionSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int().describe('Seconds the access token is valid for'),
  tokenType: z.literal('Bearer'),
  user: z.object({
    id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(ROLES),
    tenant: z.string(),
  }),
});

/** 200 of GET /api/auth/me: the caller and what it may do. */
export const callerSchema = z.object({
  kind: z.enum(['user', 'api_key']),
  tenantId: z.uuid(),
  userId: z.uuid().optional(),
  apiKeyId: z.uuid().optional(),
  role: z.enum(ROLES).optional(),
  permissions: z.array(z.string()),
  workspace: z.object({ slug: z.string(), name: z.string() }),
  user: z.object({ name: z.string().nullable(), email: z.string() }).optional(),
  capabilities: z
    .object({
      queueDashboard: z
        .boolean()
        .describe('May open the queue dashboard (owners and admins of the operator workspace)'),
    })
    .describe('What this instance lets the caller open beyond the permissions'),
});

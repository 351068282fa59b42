import { z } from 'zod';
import { isoDate, pageSchemaOf } from '../pagination/page-response.schema';

/** What the audit log route answers (see flows-response.schema.ts for why these are zod). */
export const auditLogPageSchema = pageSchemaOf(
  z.object({
    id: z.uuid(),
    at: isoDate,
    action: z.string(),
    actorUserId: z.uuid().nullable(),
    actorApiKeyId: z.uuid().nullable(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    data: z.unknown(),
  }),
);

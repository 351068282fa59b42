import { UserRole } from '@leadline/database';
import { z } from 'zod';
import { isoDate, pageSchemaOf } from '../pagination/page-response.schema';

/** What the users routes answer (see flows-response.schema.ts for why these are zod). */
export const userViewSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(UserRole),
  createdAt: isoDate,
  lastLoginAt: isoDate.nullable(),
});

export const userPageSchema = pageSchemaOf(userViewSchema);

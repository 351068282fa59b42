import { z } from 'zod';
import { isoDate } from '../pagination/page-response.schema';

/** What the quick replies routes answer (see flows-response.schema.ts for why these are zod). */
export const quickReplyViewSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  updatedAt: isoDate,
});

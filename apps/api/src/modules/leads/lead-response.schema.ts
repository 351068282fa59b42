import { z } from 'zod';

/** 202 of POST /api/leads (LeadAccepted). */
export const leadAcceptedSchema = z.object({
  contactId: z.uuid(),
  accepted: z.boolean().describe('False when this Idempotency-Key was seen before: no second run starts'),
});

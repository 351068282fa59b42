import { OUTBOUND_EVENT_TYPES } from '@leadline/outbound-events';
import { z } from 'zod';

export const createSubscriptionSchema = z.strictObject({
  url: z.string().max(2000, { error: 'must be at most 2000 characters' }),
  events: z
    .array(z.enum(OUTBOUND_EVENT_TYPES, { error: `must each be one of ${OUTBOUND_EVENT_TYPES.join(', ')}` }))
    .min(1, { error: 'must name at least one event' }),
  description: z.string().trim().max(200, { error: 'must be at most 200 characters' }).optional(),
});

export type CreateSubscriptionRequest = z.output<typeof createSubscriptionSchema>;

import { z } from 'zod';
import { isoDate } from '../pagination/page-response.schema';

/** What the webhook subscriptions routes answer (see flows-response.schema.ts for why these are zod). */
export const subscriptionViewSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  createdAt: isoDate,
});

export const subscriptionListSchema = z.object({ data: z.array(subscriptionViewSchema) });

export const createdSubscriptionSchema = subscriptionViewSchema.extend({
  secret: z.string().describe('The signing secret: shown in this answer only, stored sealed'),
});

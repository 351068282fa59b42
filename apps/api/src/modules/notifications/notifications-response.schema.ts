import { preferencesSchema } from '@leadline/notifications';
import { z } from 'zod';

/** What the notifications routes answer (see flows-response.schema.ts for why these are zod). */
export const preferencesViewSchema = z.object({
  preferences: preferencesSchema,
  events: z
    .array(z.object({ type: z.string(), label: z.string() }))
    .describe(
      'The event types this person can be notified of (by their role), with their plain words, in the order the settings page lists them',
    ),
  pushPublicKey: z
    .string()
    .nullable()
    .describe('The VAPID public key browsers subscribe with; null: web push is off'),
  emailEnabled: z.boolean().describe('Whether e-mail can go out at all (SMTP configured)'),
});

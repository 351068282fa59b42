import { z } from 'zod';

const graphId = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,32}$/, { error: `must be the numeric ${what} Meta gave in the session info` });

/** What the browser posts once the Facebook login and the session-info message are done. */
export const embeddedSignupSchema = z.strictObject({
  code: z.string().trim().min(1, { error: 'must not be empty' }).max(2000),
  wabaId: graphId('WhatsApp Business Account id'),
  phoneNumberId: graphId('phone number id'),
  pin: z
    .string()
    .regex(/^\d{6}$/, { error: 'must be the 6-digit two-step verification PIN' })
    .optional(),
  name: z.string().trim().min(1).max(100).optional(),
});

export type EmbeddedSignup = z.output<typeof embeddedSignupSchema>;

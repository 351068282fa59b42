import { z } from 'zod';
import { AGENT_MESSAGE_MAX_LENGTH } from '@leadline/engine';

export const QUICK_REPLIES_MAX = 200;

export const quickReplySchema = z.strictObject({
  /** What people pick it by in the reply box ("Opening hours"). */
  title: z
    .string({ error: 'is required (what the answer is called)' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(80, { error: 'must be at most 80 characters' }),
  /** The text inserted into the reply box; the person may edit it before sending. */
  body: z
    .string({ error: 'is required (the answer)' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(AGENT_MESSAGE_MAX_LENGTH, { error: `must be at most ${AGENT_MESSAGE_MAX_LENGTH} characters` }),
});
export type QuickReplyInput = z.output<typeof quickReplySchema>;

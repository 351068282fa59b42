import { ConversationStatus, isUuid } from '@leadline/database';
import { AGENT_MESSAGE_MAX_LENGTH } from '@leadline/engine';
import { z } from 'zod';
import { optionalParam, pageQueryShape } from '../pagination/page';

const STATUSES = Object.values(ConversationStatus);
const uuid = z.string().refine(isUuid, { error: 'must be an id (UUID)' });
const status = z.enum(STATUSES, { error: `must be one of ${STATUSES.join(', ')}` });

export const listConversationsSchema = z.strictObject({
  ...pageQueryShape,
  status: optionalParam(status),
  contact: optionalParam(uuid),
  /** A user id, `me`, or `none` for the unassigned. */
  assigned: optionalParam(
    z.union([z.literal('me'), z.literal('none'), uuid], { error: 'must be me, none or a user id' }),
  ),
});

export const listMessagesSchema = z.strictObject({ ...pageQueryShape });

export const updateConversationSchema = z
  .strictObject({
    /** Take the conversation (an agent's own id), hand it to someone, or null to let go. */
    assignedUserId: uuid.nullable().optional(),
    status: status.optional(),
  })
  .refine((body) => body.assignedUserId !== undefined || body.status !== undefined, {
    error: 'send assignedUserId and/or status',
  });

/** A person's reply to the contact: plain text, as WhatsApp allows it inside the 24-hour window. */
export const sendMessageSchema = z.strictObject({
  text: z
    .string({ error: 'is required (the message to send)' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(AGENT_MESSAGE_MAX_LENGTH, { error: `must be at most ${AGENT_MESSAGE_MAX_LENGTH} characters` }),
});

export type ListConversations = z.output<typeof listConversationsSchema>;
export type ListMessages = z.output<typeof listMessagesSchema>;
export type UpdateConversation = z.output<typeof updateConversationSchema>;
export type SendMessage = z.output<typeof sendMessageSchema>;

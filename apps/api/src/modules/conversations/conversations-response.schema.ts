import { ConversationStatus, MessageDirection, OptInState } from '@leadline/database';
import { z } from 'zod';
import { isoDate, pageSchemaOf } from '../pagination/page-response.schema';

/** What the conversations routes answer (see flows-response.schema.ts for why these are zod). */
export const conversationViewSchema = z.object({
  id: z.uuid(),
  status: z.enum(ConversationStatus),
  contactId: z.uuid(),
  channelId: z.uuid(),
  assignedUserId: z.uuid().nullable(),
  lastMessageAt: isoDate.nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
  contact: z.object({
    id: z.uuid(),
    phone: z.string(),
    name: z.string().nullable(),
    optInState: z.enum(OptInState),
  }),
});

export const conversationPageSchema = pageSchemaOf(conversationViewSchema);

export const conversationDetailSchema = conversationViewSchema.extend({
  activeRuns: z
    .array(
      z.object({ id: z.uuid(), status: z.string(), currentNode: z.string().nullable(), flowKey: z.string() }),
    )
    .describe('Handed-off runs are resumed or cancelled via /api/runs/{id}'),
});

export const messageViewSchema = z.object({
  id: z.uuid(),
  direction: z.enum(MessageDirection),
  type: z.string(),
  body: z.unknown().describe('The message as stored (text, interactive, template, media…)'),
  status: z.string(),
  templateName: z.string().nullable(),
  sentAt: isoDate.nullable(),
  deliveredAt: isoDate.nullable(),
  readAt: isoDate.nullable(),
  failedAt: isoDate.nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  runId: z.uuid().nullable(),
  createdAt: isoDate,
});

export const messagePageSchema = pageSchemaOf(messageViewSchema);

/** A person's message, accepted and queued for sending. */
export const queuedMessageSchema = z.object({
  id: z.uuid(),
  status: z.literal('queued'),
  windowClosesAt: isoDate
    .nullable()
    .describe("When the contact's 24-hour window closes unless they write again (null: it is closed)"),
});

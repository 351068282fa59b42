import { ConversationStatus, MessageDirection } from '@leadline/database';
import { z } from 'zod';
import { isoDate } from '../pagination/page-response.schema';

/** What the inbox routes answer (see flows-response.schema.ts for why these are zod). */
export const inboxMessageSchema = z.object({
  id: z.uuid(),
  direction: z.enum(MessageDirection),
  from: z.enum(['contact', 'bot', 'person']),
  authorName: z.string().nullable(),
  kind: z.enum(['text', 'buttons', 'reply', 'media', 'document', 'template', 'location', 'other']),
  text: z.string().nullable(),
  choices: z.array(z.string()).describe('The choices the bot offered (buttons or list rows), by title'),
  template: z.object({ name: z.string(), params: z.array(z.string()) }).nullable(),
  document: z.object({ id: z.string(), filename: z.string(), url: z.string() }).nullable(),
  media: z
    .object({
      kind: z.string(),
      caption: z.string().nullable(),
      filename: z.string().nullable(),
      mimeType: z.string().nullable(),
      state: z
        .enum(['pending', 'stored', 'rejected', 'failed', 'none'])
        .describe('pending: still downloading; stored: url opens it; rejected/failed/none: not available'),
      url: z.string().nullable(),
    })
    .nullable(),
  status: z.string(),
  error: z.string().nullable(),
  at: isoDate,
});

const person = z.object({ id: z.uuid(), name: z.string() });

export const inboxPageSchema = z.object({
  data: z.array(
    z.object({
      id: z.uuid(),
      status: z.enum(ConversationStatus),
      contact: z.object({ id: z.uuid(), name: z.string().nullable(), phone: z.string() }),
      assignee: person.nullable(),
      botActive: z.boolean().describe('A flow is running for the contact (not handed off)'),
      unread: z.number().int().describe("The contact's messages since the caller last opened it"),
      lastMessage: inboxMessageSchema
        .pick({ direction: true, from: true, kind: true, text: true, status: true })
        .nullable(),
      lastActivityAt: isoDate,
    }),
  ),
  nextCursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last page'),
});

export const inboxConversationDetailSchema = z.object({
  id: z.uuid(),
  status: z.enum(ConversationStatus),
  contact: z.object({ id: z.uuid(), name: z.string().nullable(), phone: z.string(), optInState: z.string() }),
  channel: z.object({ provider: z.string(), phone: z.string().nullable() }),
  assignee: person.nullable(),
  window: z
    .object({ open: z.boolean(), closesAt: isoDate.nullable(), now: isoDate })
    .describe("The contact's 24-hour window; now is the server's clock"),
  runs: z.array(
    z.object({
      id: z.uuid(),
      flowName: z.string(),
      status: z.string(),
      at: z.string().nullable().describe('Where it stands, in plain words'),
      steps: z.array(z.object({ id: z.string(), label: z.string() })),
    }),
  ),
  messages: z.array(inboxMessageSchema),
  olderMessages: z.boolean(),
  notes: z.array(z.object({ id: z.uuid(), body: z.string(), author: z.string(), at: isoDate })),
  documents: z.array(
    z.object({
      id: z.uuid(),
      kind: z.string(),
      number: z.string(),
      filename: z.string(),
      currency: z.string(),
      totalMinor: z.string(),
    }),
  ),
  templates: z.array(
    z.object({
      name: z.string(),
      language: z.string(),
      category: z.string(),
      body: z.string(),
      paramCount: z.number().int(),
    }),
  ),
});

export const inboxMembersSchema = z.array(z.object({ id: z.uuid(), name: z.string(), role: z.string() }));
export const readReceiptSchema = z.object({ readAt: isoDate });
export const assigneeSchema = z.object({ assigneeId: z.uuid().nullable() });
export const conversationNoteSchema = z.object({ id: z.uuid(), body: z.string(), at: isoDate });
export const resolvedSchema = z.object({ status: z.literal('closed') });
export const handBackResultSchema = z.object({ runId: z.uuid(), action: z.enum(['resume', 'end']) });
export const streamTokenSchema = z.object({ token: z.string(), expiresInSeconds: z.number().int() });

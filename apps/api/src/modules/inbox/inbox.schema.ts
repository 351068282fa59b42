import { isUuid } from '@leadline/database';
import { AGENT_MESSAGE_MAX_LENGTH } from '@leadline/engine';
import { z } from 'zod';
import { optionalParam, pageQuery } from '../pagination/page';

const uuid = z.string().refine(isUuid, { error: 'must be an id (UUID)' });

export const INBOX_FILTERS = ['all', 'mine', 'unassigned', 'handoff', 'bot', 'closed'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

/** Where the previous page ended: its last conversation's activity time (microseconds) and id. */
export interface InboxCursor {
  at: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeInboxCursor(cursor: InboxCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id]), 'utf8').toString('base64url');
}

export function decodeInboxCursor(text: string): InboxCursor | undefined {
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [at, id] = value as unknown[];
    if (typeof at !== 'string' || !TIMESTAMP.test(at) || !isUuid(id)) return undefined;
    return { at, id };
  } catch {
    return undefined;
  }
}

export const listInboxSchema = z.strictObject({
  /** all (not closed), mine, unassigned, handoff (waiting for a person), bot (a flow is running), closed. */
  filter: optionalParam(z.enum(INBOX_FILTERS, { error: `must be one of ${INBOX_FILTERS.join(', ')}` })),
  /** Part of the contact's name or phone number. */
  q: optionalParam(z.string().trim().max(100, { error: 'must be at most 100 characters' })),
  ...pageQuery(decodeInboxCursor),
});
export type ListInbox = z.output<typeof listInboxSchema>;

export const assignSchema = z.strictObject({
  /** A member of the workspace, or null to leave it unassigned. */
  userId: uuid.nullable(),
});
export type Assign = z.output<typeof assignSchema>;

export const noteSchema = z.strictObject({
  body: z
    .string({ error: 'is required (the note)' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(4000, { error: 'must be at most 4000 characters' }),
});
export type Note = z.output<typeof noteSchema>;

export const handBackSchema = z.discriminatedUnion(
  'action',
  [
    z.strictObject({
      action: z.literal('resume'),
      /** The step the bot carries on from; without one, the flow is finished where it stands. */
      nodeId: z.string().min(1).max(200).optional(),
    }),
    z.strictObject({ action: z.literal('end') }),
  ],
  { error: 'action must be resume or end' },
);
export type HandBack = z.output<typeof handBackSchema>;

export const sendTemplateSchema = z.strictObject({
  name: z.string({ error: 'is required (the template name)' }).min(1).max(512),
  language: z.string({ error: 'is required (e.g. en)' }).min(2).max(15),
  /** The body's parameters, in order ({{1}}, {{2}}, ...). */
  params: z
    .array(z.string().trim().min(1, { error: 'must not be empty' }).max(1024), {
      error: 'must be a list of texts',
    })
    .max(20)
    .default([]),
});
export type SendTemplate = z.output<typeof sendTemplateSchema>;

export const sendDocumentSchema = z.strictObject({ documentId: uuid });
export type SendDocument = z.output<typeof sendDocumentSchema>;

export const sendTextSchema = z.strictObject({
  text: z
    .string({ error: 'is required (the message to send)' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(AGENT_MESSAGE_MAX_LENGTH, { error: `must be at most ${AGENT_MESSAGE_MAX_LENGTH} characters` }),
});
export type SendText = z.output<typeof sendTextSchema>;

/** `?filename=&caption=` of an attachment; the file itself is the request body. */
export const attachmentQuerySchema = z.strictObject({
  filename: z
    .string({ error: 'is required (the file name the contact sees)' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(200, { error: 'must be at most 200 characters' })
    .regex(/^[^/\\\r\n\0]+$/, { error: 'must be a file name, without folders' }),
  caption: optionalParam(z.string().trim().max(1024, { error: 'must be at most 1024 characters' })),
});
export type AttachmentQuery = z.output<typeof attachmentQuerySchema>;

import { OptInState } from '@leadline/database';
import { z } from 'zod';
import { isoDate, pageSchemaOf } from '../pagination/page-response.schema';

/** What the contacts routes answer (see flows-response.schema.ts for why these are zod). */
export const contactViewSchema = z.object({
  id: z.uuid(),
  phone: z.string().describe('E.164'),
  name: z.string().nullable(),
  fields: z.unknown().describe('Custom fields, an object of name → value'),
  tags: z.array(z.string()),
  optInState: z.enum(OptInState),
  optedInAt: isoDate.nullable(),
  optedOutAt: isoDate.nullable(),
  lastInboundAt: isoDate.nullable(),
  referral: z.unknown().describe('Click-to-WhatsApp ad referral of the first inbound message, or null'),
  createdAt: isoDate,
  updatedAt: isoDate,
  stage: z.object({ id: z.uuid(), name: z.string(), color: z.string() }).nullable(),
});

export const contactPageSchema = pageSchemaOf(contactViewSchema);

export const noteViewSchema = z.object({
  id: z.uuid(),
  body: z.string(),
  author: z
    .string()
    .nullable()
    .describe("The author's name or email; null when they left the workspace or an API key wrote it"),
  createdAt: isoDate,
});

export const importReportSchema = z.object({
  imported: z.number().int(),
  updated: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});

export const contactErasedSchema = z.object({
  contactId: z.uuid(),
  deleted: z.record(z.string(), z.number().int()).describe('Rows deleted per table'),
});

const rows = z.array(z.record(z.string(), z.unknown()));

export const contactExportSchema = z.object({
  format: z.literal('leadline.contact-export.v1'),
  exportedAt: isoDate,
  contact: z.record(z.string(), z.unknown()),
  conversations: rows,
  messages: rows,
  runs: rows,
  documents: rows,
  aiUsage: rows,
  contactEvents: rows,
  runTimers: rows,
  outboundEvents: rows,
  campaigns: rows,
  conversationNotes: rows,
  media: rows,
  stageChanges: rows,
  notes: rows,
  notifications: rows,
});

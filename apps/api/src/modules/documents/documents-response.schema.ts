import { DocumentKind } from '@leadline/database';
import { z } from 'zod';
import { isoDate, pageSchemaOf } from '../pagination/page-response.schema';

/** What the documents routes answer (see flows-response.schema.ts for why these are zod). */
export const documentViewSchema = z.object({
  id: z.uuid(),
  kind: z.enum(DocumentKind),
  number: z.string(),
  contactId: z.uuid(),
  runId: z.uuid().nullable(),
  currency: z.string(),
  totalMinor: z
    .string()
    .describe('Minor units (pence, cents) as a string: totals may exceed what JSON numbers hold exactly'),
  filename: z.string(),
  createdAt: isoDate,
});

export const documentPageSchema = pageSchemaOf(documentViewSchema);

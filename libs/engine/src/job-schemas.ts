import { z } from 'zod';
import type { ActivityJob } from './engine-ports';

/**
 * What each engine queue carries, checked by its consumer before anything is done with it (see
 * parseJobData in @leadline/ops: a job that does not match is set aside, never retried). The ids a
 * job names are then checked against its tenant where the work is done (run-activity.ts,
 * send-messages.ts): a well-formed job is still not trusted to name its own tenant's rows.
 */
const id = z.uuid();
const key = z.string().min(1).max(500);
const record = z.record(z.string(), z.unknown());

const contactRefSchema = z.object({ tenantId: id, contactId: id });

/**
 * Most contacts one list wake names (wake.ts wakeContactList). An ingest batch holds up to 500
 * events; a list this long is applied by one contacts job, its contacts side by side within the
 * worker's ContactSlots (contact-list-job.ts), and a longer one is cut into several jobs, so that
 * several workers share a large batch.
 */
export const MAX_CONTACTS_PER_WAKE = 64;

/**
 * A contacts job: one contact's wake, or an ingest batch's wake naming several contacts (wake.ts
 * wakeContactList). Each contact is checked against its own tenant where it is applied.
 */
const contactListSchema = z.object({ contacts: z.array(contactRefSchema).min(1).max(MAX_CONTACTS_PER_WAKE) });

/**
 * Either shape, chosen by whether the job names `contacts`, so that a malformed job's report names
 * its own fields (`tenantId: invalid_format`) rather than a bare `invalid_union`.
 */
export const contactJobSchema = z.unknown().transform((data, ctx) => {
  const listed = typeof data === 'object' && data !== null && 'contacts' in data;
  const parsed = (listed ? contactListSchema : contactRefSchema).safeParse(data);
  if (parsed.success)
    return parsed.data as z.output<typeof contactRefSchema> | z.output<typeof contactListSchema>;
  for (const issue of parsed.error.issues) ctx.issues.push({ ...issue, input: undefined });
  return z.NEVER;
});

export const sendJobSchema = z.object({
  tenantId: id,
  channelId: id,
  messageIds: z.array(id).max(1_000),
});

/** Activity requests as flow-core's ActivityRequest types them; unknown extra fields are kept. */
const activityRequestSchema = z.discriminatedUnion('kind', [
  z.looseObject({
    kind: z.literal('ai'),
    task: z.enum(['reply', 'classify', 'extract']),
    instructions: z.string(),
    provider: z.enum(['openai', 'gemini']).optional(),
    model: z.string().optional(),
    labels: z.array(z.string()).optional(),
    fields: z.record(z.string(), z.enum(['string', 'number', 'boolean', 'date'])).optional(),
    input: z.looseObject({ text: z.string(), contact: record, vars: record }),
  }),
  z.looseObject({
    kind: z.literal('document'),
    documentKind: z.enum(['quote', 'invoice']),
    items: z.array(z.looseObject({ description: z.string(), quantity: z.number(), unitPrice: z.number() })),
    currency: z.string(),
    taxRate: z.number(),
    caption: z.string().optional(),
    contact: record,
  }),
  z.looseObject({
    kind: z.literal('http'),
    method: z.string(),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    body: z.unknown().optional(),
    timeoutMs: z.number(),
    secrets: z
      .array(
        z.object({ path: z.array(z.union([z.string(), z.number()])), index: z.number(), name: z.string() }),
      )
      .optional(),
  }),
  z.looseObject({ kind: z.literal('activity'), name: z.string(), input: record }),
]);

export const activityJobSchema = z.object({
  tenantId: id,
  contactId: id,
  runId: id,
  requestId: key,
  nodeId: key,
  request: activityRequestSchema,
}) satisfies z.ZodType<ActivityJob>;

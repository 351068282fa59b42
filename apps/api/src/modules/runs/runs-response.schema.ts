import { z } from 'zod';

/** What the runs routes answer (see flows-response.schema.ts for why these are zod). */
const date = z.iso.datetime({ offset: true });

export const runSummarySchema = z.object({
  id: z.uuid(),
  flowKey: z.string(),
  flowVersion: z.number().int(),
  contactId: z.uuid(),
  contactPhone: z.string(),
  status: z.enum(['running', 'waiting', 'handoff', 'completed', 'failed', 'cancelled']),
  currentNode: z.string().nullable(),
  startedAt: date,
  updatedAt: date,
  endedAt: date.nullable(),
  error: z.unknown().describe('{ code, message, nodeId? } when the run failed'),
});

export const runPageSchema = z.object({
  data: z.array(runSummarySchema),
  nextCursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last page'),
});

export const runDetailSchema = runSummarySchema.extend({
  conversationId: z.uuid().nullable(),
  vars: z.unknown(),
  events: z.array(
    z.object({
      seq: z.number().int(),
      at: date,
      type: z.string(),
      nodeId: z.string().nullable(),
      port: z.string().nullable(),
      data: z.unknown(),
    }),
  ),
  messages: z.array(
    z.object({
      id: z.uuid(),
      direction: z.string(),
      type: z.string(),
      status: z.string(),
      body: z.unknown(),
      templateName: z.string().nullable(),
      errorCode: z.string().nullable(),
      errorMessage: z.string().nullable(),
      createdAt: date,
      sentAt: date.nullable(),
      deliveredAt: date.nullable(),
      readAt: date.nullable(),
      failedAt: date.nullable(),
    }),
  ),
});

export const runControlRequestedSchema = z.object({
  runId: z.uuid(),
  action: z.enum(['cancel', 'resume']),
  status: z
    .string()
    .describe("The run's status when the request was recorded; the engine applies it moments later"),
});

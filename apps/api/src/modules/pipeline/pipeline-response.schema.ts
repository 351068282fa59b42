import { z } from 'zod';
import { isoDate } from '../pagination/page-response.schema';

/** What the pipeline routes answer (see flows-response.schema.ts for why these are zod). */
export const stageViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.number().int(),
  color: z.string(),
  startFlowKey: z.string().nullable(),
  contacts: z.number().int(),
  startFlowName: z
    .string()
    .nullable()
    .describe('The name of the flow the stage starts (null: none, or no such flow)'),
});

export const boardColumnSchema = stageViewSchema.extend({
  cards: z.array(
    z.object({
      id: z.uuid(),
      name: z.string().nullable(),
      phone: z.string(),
      tags: z.array(z.string()),
      lastInboundAt: isoDate.nullable(),
    }),
  ),
});

export const stageChangeViewSchema = z.object({
  id: z.uuid(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  source: z.string(),
  by: z.string().nullable().describe('The person who moved it; null for flows and API keys'),
  at: isoDate,
});

export const moveResultSchema = z.object({
  contactId: z.uuid(),
  stage: z.object({ id: z.uuid(), name: z.string(), color: z.string() }).nullable(),
  changed: z.boolean(),
  flow: z
    .object({
      key: z.string(),
      name: z.string().nullable(),
      started: z.boolean(),
      problem: z.string().optional(),
    })
    .nullable()
    .describe("The stage's flow: started, or why not (the move itself stands either way)"),
});

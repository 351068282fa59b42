import { z } from 'zod';

/**
 * What the flows routes answer, as zod: the OpenAPI document's response schemas come from here, the
 * contract test checks real answers against them, and the web app's types are generated from the
 * document. The services' TypeScript types are checked against them (openapi/response-types.spec.ts).
 */
export const flowSummarySchema = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  activeVersion: z.number().int().nullable(),
  archived: z.boolean(),
  updatedAt: z.iso.datetime({ offset: true }),
  revision: z
    .number()
    .int()
    .describe("The draft's revision: a save names the one it was based on (409 DRAFT_CONFLICT if stale)"),
});

export const flowDetailSchema = flowSummarySchema.extend({
  draft: z.unknown().describe('The draft flow document (leadline.flow/v1)'),
  active: z
    .object({
      id: z.uuid(),
      version: z.number().int(),
      publishedAt: z.iso.datetime({ offset: true }),
      definition: z.unknown(),
    })
    .nullable(),
  unpublishedChanges: z
    .boolean()
    .describe('The draft differs from the published version in more than layout'),
});

export const versionSummarySchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  publishedAt: z.iso.datetime({ offset: true }),
  publishedBy: z.string().nullable(),
  active: z.boolean(),
});

export const versionDetailSchema = versionSummarySchema.extend({ definition: z.unknown() });

const itemDiffSchema = z.object({
  added: z.array(z.string()),
  removed: z.array(z.string()),
  changed: z.array(z.object({ id: z.string(), fields: z.array(z.string()) })),
});

export const flowDiffSchema = z.object({
  nodes: itemDiffSchema,
  edges: itemDiffSchema,
  flow: z.array(z.string()).describe('Envelope fields (name, settings, …) that differ'),
  same: z.boolean(),
});

export const diagnosticSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  path: z.string().optional(),
  message: z.string(),
});

export const publishOutcomeSchema = z.object({
  flowId: z.uuid(),
  versionId: z.uuid(),
  version: z.number().int(),
  created: z.boolean().describe('False when the draft equalled the active version: nothing new'),
  diagnostics: z.array(diagnosticSchema),
});

export const flowAnalyticsSchema = z.object({
  flowId: z.uuid(),
  version: z.number().int(),
  runs: z.number().int(),
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      reached: z.number().int(),
      ports: z.record(z.string(), z.number().int()),
      dropOff: z.number().int(),
      dropOffRate: z.number(),
      errors: z
        .array(z.object({ code: z.string(), runs: z.number().int(), lastMessage: z.string().nullable() }))
        .describe('Why runs left by the error port, most frequent first'),
      inProgress: z.number().int().describe('Runs waiting at this step for a reply or a timer, not overdue'),
      dropped: z.number().int().describe('Runs whose contact stopped answering at this step'),
      options: z
        .array(z.object({ id: z.string(), title: z.string(), taps: z.number().int() }))
        .describe("A question's buttons or list rows and how many runs chose each"),
    }),
  ),
  period: z.object({
    preset: z.enum(['24h', '7d', '30d', 'custom']),
    from: z.iso.datetime().describe('Runs that started at or after this instant…'),
    to: z.iso.datetime().describe('…and before this one are counted'),
    timeZone: z.string().describe("The workspace's time zone the days are counted in"),
  }),
  idleHours: z.number().int(),
  totals: z.object({
    started: z.number().int(),
    completed: z.number().int(),
    inProgress: z.number().int(),
    dropped: z.number().int(),
    handedOff: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
    completionRate: z.number().describe('completed / started, 0..1'),
  }),
});

/** Another live flow whose trigger answers to some of the same keywords as this flow's draft. */
export const keywordConflictSchema = z.object({
  flowId: z.uuid(),
  key: z.string(),
  name: z.string(),
  keywords: z.array(z.string()).describe('The keywords both flows answer to'),
});

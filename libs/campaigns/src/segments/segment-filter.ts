import { z } from 'zod';

/**
 * A saved filter over a workspace's contacts: conditions combined with all / any / not. It is stored
 * as JSON in `segments.filter` and compiled to SQL by compile-segment.ts, with every user value a
 * bound parameter.
 */
const fieldKey = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/, 'a field key is letters, digits and _');
const days = z.number().int().min(1).max(3650);

export const segmentConditionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tag'), op: z.enum(['has', 'lacks']), tag: z.string().trim().min(1).max(64) }),
  z
    .object({
      kind: z.literal('stage'),
      /** is / is_not: the pipeline stage of that name (any case); none: in no pipeline stage. */
      op: z.enum(['is', 'is_not', 'none']),
      stage: z.string().trim().min(1).max(100).optional(),
    })
    .refine((condition) => condition.op === 'none' || condition.stage !== undefined, {
      error: 'a stage condition names its stage (unless op is none)',
      path: ['stage'],
    }),
  z.object({
    kind: z.literal('field'),
    key: fieldKey,
    op: z.enum(['equals', 'not_equals', 'contains', 'exists', 'missing']),
    value: z.string().max(500).optional(),
  }),
  z.object({ kind: z.literal('opt_in'), state: z.enum(['opted_in', 'opted_out', 'unknown']) }),
  z.object({
    kind: z.enum(['last_inbound', 'last_outbound']),
    op: z.enum(['within', 'before', 'never']),
    /** Days back from now: "within 7" = in the last 7 days; "before 30" = longer ago than 30 days. */
    days: days.optional(),
  }),
  z.object({
    kind: z.literal('flow_outcome'),
    flowKey: z.string().trim().min(1).max(100),
    outcome: z.enum(['completed', 'failed', 'handoff', 'cancelled', 'active', 'never_started']),
  }),
]);
export type SegmentCondition = z.infer<typeof segmentConditionSchema>;

export type SegmentFilter =
  SegmentCondition | { all: SegmentFilter[] } | { any: SegmentFilter[] } | { not: SegmentFilter };

export const segmentFilterSchema: z.ZodType<SegmentFilter> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(segmentFilterSchema).max(50) }).strict(),
    z.object({ any: z.array(segmentFilterSchema).max(50) }).strict(),
    z.object({ not: segmentFilterSchema }).strict(),
    segmentConditionSchema,
  ]),
);

export const segmentSchema = z.object({
  name: z.string().trim().min(1).max(100),
  filter: segmentFilterSchema,
});
export type SegmentInput = z.infer<typeof segmentSchema>;

/** How deep all/any/not may nest: enough for any screen, bounded so a crafted filter cannot blow the stack. */
export const MAX_SEGMENT_DEPTH = 8;

export function segmentDepth(filter: SegmentFilter): number {
  if ('all' in filter) return 1 + Math.max(0, ...filter.all.map(segmentDepth));
  if ('any' in filter) return 1 + Math.max(0, ...filter.any.map(segmentDepth));
  if ('not' in filter) return 1 + segmentDepth(filter.not);
  return 1;
}

import { z } from 'zod';
import { FLOW_ID_PATTERN } from '@leadline/flow-core';

/**
 * A draft is a flow document in progress: it must be an object with an id and a name (the flow's key
 * and title), but may still fail validation, which only publishing demands.
 */
export const draftDocumentSchema = z.looseObject({
  id: z.string().regex(FLOW_ID_PATTERN, 'must be a flow id: lowercase letters, digits and "-", up to 64'),
  name: z.string().min(1).max(200),
});

export const createFlowBodySchema = z.strictObject({ document: draftDocumentSchema });
export type CreateFlowBody = z.output<typeof createFlowBodySchema>;

/**
 * `baseRevision`: the draft revision the editor's copy was loaded or last saved at. When given, a save
 * over a newer draft (another tab or person saved meanwhile) is refused with 409 DRAFT_CONFLICT;
 * without it the save overwrites (scripts and older clients keep working).
 */
export const saveDraftBodySchema = z.strictObject({
  document: draftDocumentSchema,
  baseRevision: z.number().int().min(1).max(2_147_483_647).optional(),
});
export type SaveDraftBody = z.output<typeof saveDraftBodySchema>;

export const duplicateBodySchema = z.strictObject({
  key: z.string().regex(FLOW_ID_PATTERN, 'must be a flow id').optional(),
  name: z.string().min(1).max(200).optional(),
});
export type DuplicateBody = z.output<typeof duplicateBodySchema>;

/** Versions are PostgreSQL integers: a larger number names no version and must not reach the query. */
export const MAX_VERSION = 2_147_483_647;
const versionRange = z
  .number()
  .int({ error: 'must be a version number' })
  .min(1, { error: 'must be a version number (1 or more)' })
  .max(MAX_VERSION, { error: 'is not a version number' });
const versionNumber = z.coerce.number().pipe(versionRange);

/** The :version of /api/flows/:id/versions/:version: digits only. */
export const versionParamSchema = z
  .string()
  .regex(/^\d{1,10}$/, { error: 'must be a version number' })
  .transform(Number)
  .pipe(versionRange);

/** A version number, `active` (the published one) or `draft`. */
const sideSchema = z.union([z.literal('draft'), z.literal('active'), versionNumber]);
export type DiffSide = z.output<typeof sideSchema>;

export const diffQuerySchema = z.strictObject({
  from: sideSchema.default('active'),
  to: sideSchema.default('draft'),
});
export type DiffQuery = z.output<typeof diffQuerySchema>;

const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a day: YYYY-MM-DD' })
  .refine(
    (day) =>
      !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) &&
      new Date(`${day}T00:00:00Z`).toISOString().startsWith(day),
    {
      error: 'is not a day of the calendar',
    },
  );

/** The longest custom range: a year and a day (a leap year's 366 days). */
export const MAX_ANALYTICS_DAYS = 366;

export const analyticsQuerySchema = z
  .strictObject({
    version: versionNumber.optional(),
    /** Runs that started in: the last 24 hours, the last 7 or 30 days (today included), or from..to. */
    period: z.enum(['24h', '7d', '30d', 'custom']).default('7d'),
    from: calendarDay.optional().describe('First day of a custom period (workspace time zone)'),
    to: calendarDay.optional().describe('Last day of a custom period, included'),
    idleHours: z.coerce
      .number()
      .int({ error: 'must be a whole number of hours' })
      .min(1)
      .max(24 * 30)
      .default(24)
      .describe('A run waiting this long for a reply, where its step sets no time, counts as dropped'),
  })
  .superRefine((query, ctx) => {
    if (query.period !== 'custom') {
      if (query.from !== undefined || query.to !== undefined)
        ctx.addIssue({ code: 'custom', path: ['from'], message: 'from and to go with period=custom' });
      return;
    }
    if (query.from === undefined || query.to === undefined) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'a custom period needs from and to' });
      return;
    }
    const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
    else if (days > MAX_ANALYTICS_DAYS)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `a period is at most ${MAX_ANALYTICS_DAYS} days`,
      });
  });
export type AnalyticsQuery = z.output<typeof analyticsQuerySchema>;

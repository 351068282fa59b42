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

export const saveDraftBodySchema = z.strictObject({ document: draftDocumentSchema });
export type SaveDraftBody = z.output<typeof saveDraftBodySchema>;

export const duplicateBodySchema = z.strictObject({
  key: z.string().regex(FLOW_ID_PATTERN, 'must be a flow id').optional(),
  name: z.string().min(1).max(200).optional(),
});
export type DuplicateBody = z.output<typeof duplicateBodySchema>;

/** A version number, `active` (the published one) or `draft`. */
const sideSchema = z.union([z.literal('draft'), z.literal('active'), z.coerce.number().int().min(1)]);
export type DiffSide = z.output<typeof sideSchema>;

export const diffQuerySchema = z.strictObject({
  from: sideSchema.default('active'),
  to: sideSchema.default('draft'),
});
export type DiffQuery = z.output<typeof diffQuerySchema>;

export const analyticsQuerySchema = z.strictObject({
  version: z.coerce.number().int().min(1).optional(),
});
export type AnalyticsQuery = z.output<typeof analyticsQuerySchema>;

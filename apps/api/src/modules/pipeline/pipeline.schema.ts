import { isUuid } from '@leadline/database';
import { FLOW_ID_PATTERN } from '@leadline/flow-core';
import { z } from 'zod';
import { countParam } from '../pagination/page';

const uuid = z.string().refine(isUuid, { error: 'must be an id (UUID)' });
const name = z
  .string({ error: 'is required (the stage name people see)' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(60, { error: 'must be at most 60 characters' });
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be a colour like #2563eb' });
const flowKey = z
  .string()
  .regex(FLOW_ID_PATTERN, { error: 'must be a flow key, e.g. thank-you' })
  .nullable()
  .describe('A published flow to start for a contact a person moves into this stage; null: none');

export const createStageSchema = z.strictObject({
  name,
  color: color.optional(),
  startFlowKey: flowKey.optional(),
  /** Where the new column goes (0 = first); the end of the board when left out. */
  position: z.number().int().min(0).optional(),
});

export const updateStageSchema = z
  .strictObject({ name: name.optional(), color: color.optional(), startFlowKey: flowKey.optional() })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    error: 'send at least one of name, color, startFlowKey',
  });

export const reorderStagesSchema = z.strictObject({
  /** Every stage of the workspace, in the board's new order. */
  stageIds: z.array(uuid).min(1).max(100),
});

export const moveContactSchema = z.strictObject({
  /** The stage to move the contact into; null takes it out of the pipeline. */
  stageId: uuid.nullable(),
  /** Start the stage's flow (when it has one). True unless said otherwise. */
  startFlow: z.boolean().optional(),
});

export const boardQuerySchema = z.strictObject({
  /** Cards per column, most recently changed first (the count says how many there are in all). */
  perStage: countParam(200),
});

export type CreateStage = z.output<typeof createStageSchema>;
export type UpdateStage = z.output<typeof updateStageSchema>;
export type ReorderStages = z.output<typeof reorderStagesSchema>;
export type MoveContact = z.output<typeof moveContactSchema>;
export type BoardQuery = z.output<typeof boardQuerySchema>;

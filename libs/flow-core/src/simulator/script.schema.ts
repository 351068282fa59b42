import { z } from 'zod';
import { durationSchema } from '../flow/duration';

const userInputSchema = z.union([
  z.string(),
  z.strictObject({ button: z.string().min(1) }),
  z.strictObject({ list: z.string().min(1) }),
  z.strictObject({ text: z.string() }),
]);

const aiAnswersSchema = z.strictObject({
  reply: z.string().optional(),
  classify: z.string().optional(),
  extract: z.record(z.string(), z.unknown()).optional(),
  /** Makes the simulated provider fail, to try a flow's error path. */
  error: z.string().optional(),
});

export const scriptStepSchema = z.union([
  z.strictObject({ user: userInputSchema, referral: z.record(z.string(), z.unknown()).optional() }),
  z.strictObject({ wait: durationSchema }),
  z.strictObject({
    lead: z.strictObject({
      name: z.string().optional(),
      fields: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
  z.strictObject({
    set: z.strictObject({
      ai: aiAnswersSchema.optional(),
      /** Responses of `http` nodes by node id: `{ "status": 200, "body": {...} }`, or `{ "error": "..." }`. */
      http: z.record(z.string(), z.unknown()).optional(),
      /** Outputs of custom activities by name, or `{ "error": "..." }`. */
      activity: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
]);

export const simulationScriptSchema = z.strictObject({
  contact: z.strictObject({
    phone: z.string().regex(/^\+[1-9]\d{6,14}$/, { error: 'must be an E.164 number such as "+27740000001"' }),
    name: z.string().optional(),
    fields: z.record(z.string(), z.unknown()).optional(),
  }),
  startAt: z.iso.datetime({ offset: true }).default('2026-01-05T09:00:00Z'),
  steps: z.array(scriptStepSchema),
});

export type SimulationScript = z.output<typeof simulationScriptSchema>;
export type ScriptStep = z.output<typeof scriptStepSchema>;
export type AiAnswers = z.output<typeof aiAnswersSchema>;

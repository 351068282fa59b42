import { FLOW_ID_PATTERN } from '@leadline/flow-core';
import { z } from 'zod';

export const MAX_FIELDS = 50;
/** Contact fields are small facts about a lead; a larger blob belongs elsewhere. */
export const MAX_FIELDS_BYTES = 32 * 1024;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

const E164 = /^\+[1-9]\d{6,14}$/;

/** `+44 7700-900123` and `+1 (555) 010.0000` become `+447700900123` and `+15550100000`. */
export function normalisePhone(raw: string): string {
  return raw.replace(/[\s\-().]/g, '');
}

export const phoneSchema = z
  .string()
  .transform(normalisePhone)
  .refine((phone) => E164.test(phone), {
    error: 'must be an international number in E.164 form, e.g. +447700900123',
  });

export const leadRequestSchema = z.strictObject({
  phone: phoneSchema,
  name: z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(200, { error: 'must be at most 200 characters' })
    .optional(),
  fields: z
    .record(z.string().max(100, { error: 'field names must be at most 100 characters' }), z.json(), {
      error: 'must be a JSON object of contact fields',
    })
    .refine((fields) => Object.keys(fields).length <= MAX_FIELDS, {
      error: `must have at most ${MAX_FIELDS} keys`,
    })
    .refine((fields) => Buffer.byteLength(JSON.stringify(fields)) <= MAX_FIELDS_BYTES, {
      error: `must be at most ${MAX_FIELDS_BYTES / 1024} KB of JSON`,
    })
    .optional(),
  flow: z.string().regex(FLOW_ID_PATTERN, {
    error: 'must be the key of a published flow, e.g. no-reply-follow-up',
  }),
});

export type LeadRequest = z.output<typeof leadRequestSchema>;

/** `Idempotency-Key`: optional; 1-200 characters when sent. Retries with the same key start one run. */
export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(MAX_IDEMPOTENCY_KEY_LENGTH, { error: `must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters` })
  .optional();

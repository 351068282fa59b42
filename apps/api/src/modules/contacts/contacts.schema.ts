import { OptInState } from '@leadline/database';
import { z } from 'zod';
import { MAX_FIELDS, MAX_FIELDS_BYTES } from '../leads/lead-request.schema';
import { optionalParam, pageQueryShape } from '../pagination/page';

const OPT_IN = Object.values(OptInState);
const tag = z
  .string()
  .trim()
  .min(1, { error: 'tags must not be empty' })
  .max(50, { error: 'tags must be at most 50 characters' });

export const listContactsSchema = z.strictObject({
  ...pageQueryShape,
  /** Contacts carrying this tag. */
  tag: optionalParam(tag),
  optIn: optionalParam(z.enum(OPT_IN, { error: `must be one of ${OPT_IN.join(', ')}` })),
  /** Part of the phone number or name. */
  q: optionalParam(z.string().trim().min(1).max(100)),
});

export const updateContactSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).nullable().optional(),
    /** Replaces every tag. */
    tags: z.array(tag).max(100).optional(),
    addTags: z.array(tag).max(100).optional(),
    removeTags: z.array(tag).max(100).optional(),
    /** Merged into the contact's fields; a null value removes that field. */
    fields: z
      .record(z.string().min(1).max(100, { error: 'field names must be at most 100 characters' }), z.json())
      .optional(),
  })
  .refine((body) => !(body.tags && (body.addTags || body.removeTags)), {
    error: 'send either tags (to replace them) or addTags/removeTags, not both',
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    error: 'send at least one of name, tags, addTags, removeTags, fields',
  });

export type ListContacts = z.output<typeof listContactsSchema>;
export type UpdateContact = z.output<typeof updateContactSchema>;

/** The contact's fields after an update: merged, nulls removed, within the same limits as leads. */
export function mergeFields(
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): { fields: Record<string, unknown> } | { problem: string } {
  const fields: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete fields[key];
    else fields[key] = value;
  }
  if (Object.keys(fields).length > MAX_FIELDS) return { problem: `fields: at most ${MAX_FIELDS} fields` };
  if (Buffer.byteLength(JSON.stringify(fields)) > MAX_FIELDS_BYTES) {
    return { problem: `fields: at most ${MAX_FIELDS_BYTES / 1024} KB of JSON` };
  }
  return { fields };
}

/** The tags after an update: replaced, or added and removed; unique, in a stable order. */
export function nextTags(current: string[], update: UpdateContact): string[] {
  if (update.tags) return [...new Set(update.tags)];
  const removed = new Set(update.removeTags ?? []);
  return [...new Set([...current, ...(update.addTags ?? [])])].filter((tag) => !removed.has(tag));
}

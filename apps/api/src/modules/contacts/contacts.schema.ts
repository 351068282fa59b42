import { OptInState } from '@leadline/database';
import { z } from 'zod';
import { MAX_FIELDS, MAX_FIELDS_BYTES } from '../leads/lead-request.schema';
import { isUuid } from '@leadline/database';
import { MAX_LIMIT, optionalParam, pageQueryShape } from '../pagination/page';
import { CONTACT_SORTS, decodeContactCursor } from './contact-cursor';

const OPT_IN = Object.values(OptInState);
const tag = z
  .string()
  .trim()
  .min(1, { error: 'tags must not be empty' })
  .max(50, { error: 'tags must be at most 50 characters' });

export const LAST_MESSAGE = ['24h', '7d', '30d', 'older', 'never'] as const;

export const listContactsSchema = z
  .strictObject({
    limit: pageQueryShape.limit,
    /** nextCursor of the previous page, with the same sort and order. */
    cursor: optionalParam(
      z.string().transform((text, ctx) => {
        const cursor = decodeContactCursor(text);
        if (cursor) return cursor;
        ctx.addIssue({ code: 'custom', message: 'is not a cursor this API returned (use nextCursor as is)' });
        return z.NEVER;
      }),
    ),
    sort: optionalParam(z.enum(CONTACT_SORTS, { error: `must be one of ${CONTACT_SORTS.join(', ')}` })),
    order: optionalParam(z.enum(['asc', 'desc'], { error: 'must be asc or desc' })),
    /** Contacts carrying this tag. */
    tag: optionalParam(tag),
    optIn: optionalParam(z.enum(OPT_IN, { error: `must be one of ${OPT_IN.join(', ')}` })),
    /** A pipeline stage's id, or `none` for contacts outside the pipeline. */
    stage: optionalParam(
      z.union([z.literal('none'), z.string().refine(isUuid)], { error: 'must be a stage id or none' }),
    ),
    /** When the contact last wrote: within 24h, 7d or 30d, longer ago than 30 days, or never. */
    lastMessage: optionalParam(z.enum(LAST_MESSAGE, { error: `must be one of ${LAST_MESSAGE.join(', ')}` })),
    /** A custom field's name; with `value`, contacts whose field has that value. */
    field: optionalParam(z.string().trim().min(1).max(100)),
    value: optionalParam(z.string().max(200)),
    /** Part of the phone number or name. */
    q: optionalParam(z.string().trim().min(1).max(100)),
  })
  .refine(
    (query) =>
      !query.cursor ||
      (query.cursor.sort === (query.sort ?? 'created') &&
        query.cursor.order === (query.order ?? (query.sort === 'name' ? 'asc' : 'desc'))),
    {
      error: 'cursor: belongs to another sort order (start again without a cursor)',
      path: ['cursor'],
    },
  )
  .refine((query) => query.value === undefined || query.field !== undefined, {
    error: 'value: needs field (the custom field to compare)',
    path: ['value'],
  });

export { MAX_LIMIT };

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

/** An internal note on a contact: plain text, never sent to the contact. */
export const addNoteSchema = z.strictObject({
  body: z
    .string({ error: 'is required (the note)' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(5000, { error: 'must be at most 5000 characters' }),
});

export type AddNote = z.output<typeof addNoteSchema>;
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

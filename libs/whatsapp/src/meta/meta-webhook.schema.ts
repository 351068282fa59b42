import { z } from 'zod';

// Meta adds fields without notice (user_id, from_user_id, ...): every object is loose.

/**
 * An id Meta gives us (wamid, wa_id, phone number id, template name...). It is used to find rows,
 * so it is refused, not cleaned, when it holds a NUL (PostgreSQL text cannot store one) or is
 * longer than any real id.
 */
export const providerIdSchema = z
  .string()
  .min(1)
  .max(512)
  .refine((id) => !id.includes('\u0000'), 'must not contain NUL characters');

/** Meta's `timestamp`: a string of unix seconds (numbers tolerated), turned into an ISO string. */
export const unixSecondsSchema = z.unknown().transform((value, ctx) => {
  const seconds =
    typeof value === 'string' && /^\d{1,12}$/.test(value)
      ? Number(value)
      : typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value < 1e12
        ? value
        : undefined;
  if (seconds === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected unix seconds' });
    return z.NEVER;
  }
  return new Date(seconds * 1000).toISOString();
});

export const envelopeSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.unknown()),
});

export const entrySchema = z.looseObject({
  id: providerIdSchema.optional(),
  changes: z.array(z.unknown()),
});

export const changeSchema = z.looseObject({ field: z.string(), value: z.looseObject({}) });

export const messagesValueSchema = z.looseObject({
  metadata: z.looseObject({ phone_number_id: providerIdSchema }),
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
});

export const contactSchema = z.looseObject({
  wa_id: providerIdSchema,
  profile: z.looseObject({ name: z.string().optional() }).optional(),
});

export const graphErrorSchema = z.looseObject({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
});

export const messageBaseSchema = z.looseObject({
  from: providerIdSchema,
  id: providerIdSchema,
  timestamp: unixSecondsSchema,
  type: z.string().min(1),
  context: z
    .looseObject({
      id: providerIdSchema.optional(),
      forwarded: z.boolean().optional(),
      frequently_forwarded: z.boolean().optional(),
    })
    .optional(),
  referral: z.record(z.string(), z.unknown()).optional(),
  errors: z.array(graphErrorSchema).optional(),
});

// Each message type's payload sits under the key named by `type` (e.g. `text`, `image`).
export const textPayloadSchema = z.looseObject({ body: z.string() });

export const interactivePayloadSchema = z.looseObject({ type: z.string() });

/** `interactive.button_reply` and `interactive.list_reply`. */
export const replySchema = z.looseObject({
  id: providerIdSchema,
  title: z.string(),
  description: z.string().optional(),
});

/** A tap on a template's quick-reply button. */
export const buttonPayloadSchema = z.looseObject({
  payload: providerIdSchema.optional().or(z.literal('')),
  text: z.string(),
});

export const MEDIA_TYPES = ['image', 'document', 'video', 'audio', 'sticker'] as const;
export type MetaMediaType = (typeof MEDIA_TYPES)[number];

export const mediaPayloadSchema = z.looseObject({
  id: providerIdSchema,
  mime_type: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  url: z.string().optional(),
});

export const locationPayloadSchema = z.looseObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  name: z.string().optional(),
  address: z.string().optional(),
  url: z.string().optional(),
});

export const contactsPayloadSchema = z.array(
  z.looseObject({
    name: z.looseObject({ formatted_name: z.string().optional() }).optional(),
    phones: z
      .array(
        z.looseObject({
          phone: z.string().optional(),
          wa_id: z.string().optional(),
          type: z.string().optional(),
        }),
      )
      .optional(),
  }),
);

export const statusSchema = z.looseObject({
  id: providerIdSchema,
  status: z.enum(['sent', 'delivered', 'read', 'failed', 'played']),
  timestamp: unixSecondsSchema,
  recipient_id: providerIdSchema,
  errors: z.array(graphErrorSchema).optional(),
  biz_opaque_callback_data: z.string().optional(),
  pricing: z.looseObject({ type: z.string().optional(), category: z.string().optional() }).optional(),
});

export const templateStatusValueSchema = z.looseObject({
  event: z.string().min(1),
  message_template_id: z.union([z.number(), z.string()]).optional(),
  message_template_name: providerIdSchema,
  message_template_language: providerIdSchema,
  reason: z.string().nullable().optional(),
});

export const templateCategoryValueSchema = z.looseObject({
  message_template_id: z.union([z.number(), z.string()]).optional(),
  message_template_name: z.string().min(1),
  message_template_language: z.string().min(1),
  previous_category: z.string().optional(),
  new_category: z.string().min(1),
});

export const phoneQualityValueSchema = z.looseObject({
  display_phone_number: z.union([z.string(), z.number()]).optional(),
  event: z.string().min(1),
  current_limit: z.string().optional(),
  old_limit: z.string().optional(),
});

export const accountUpdateValueSchema = z.looseObject({
  phone_number: z.union([z.string(), z.number()]).optional(),
  event: z.string().min(1),
});

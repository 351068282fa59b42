import { ChannelProvider, ChannelStatus } from '@leadline/database';
import { z } from 'zod';
import { isoDate, pageSchemaOf } from '../pagination/page-response.schema';

/** What the channels routes answer (see flows-response.schema.ts for why these are zod). */
export const channelViewSchema = z.object({
  id: z.uuid(),
  provider: z.enum(ChannelProvider),
  name: z.string().nullable(),
  phoneNumberId: z.string(),
  wabaId: z.string().nullable(),
  displayPhone: z.string(),
  status: z.enum(ChannelStatus),
  verifiedName: z.string().nullable(),
  qualityRating: z.string().nullable(),
  messagingTier: z.string().nullable(),
  healthUpdatedAt: isoDate.nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
  hasCredentials: z.boolean().describe('Credentials are never returned, only whether there are any'),
});

export const channelPageSchema = pageSchemaOf(channelViewSchema);

export const embeddedSignupSettingsSchema = z.object({
  enabled: z.boolean(),
  appId: z.string().nullable(),
  configId: z.string().nullable(),
  graphVersion: z.string(),
});

export const embeddedSignupOutcomeSchema = z.object({
  channel: channelViewSchema,
  templates: z
    .union([
      z.object({
        ok: z.literal(true),
        added: z.number().int(),
        updated: z.number().int(),
        removed: z.number().int(),
      }),
      z.object({ ok: z.literal(false), error: z.string() }),
    ])
    .describe('The first template sync; a failure here leaves the channel (sync again later)'),
});

import {
  audienceSpecSchema,
  campaignParamsSchema,
  createCampaignSchema,
  segmentFilterSchema,
  segmentSchema,
} from '@leadline/campaigns';
import { z } from 'zod';
import { optionalParam } from '../pagination/page';

export { createCampaignSchema, segmentSchema };

/** What the create form shows while it is filled in: the audience count and the message as sent. */
export const previewCampaignSchema = z.strictObject({
  templateName: z.string().min(1).max(512),
  language: z.string().min(2).max(15),
  channelId: z.uuid().optional(),
  audience: audienceSpecSchema,
  params: campaignParamsSchema.default({ body: [] }),
});
export type PreviewCampaign = z.output<typeof previewCampaignSchema>;

export const countSegmentSchema = z.strictObject({ filter: segmentFilterSchema });

export const listRecipientsSchema = z.strictObject({
  limit: optionalParam(z.coerce.number().int().min(1).max(200)),
  after: optionalParam(z.string().regex(/^\d{1,18}$/, 'must be a recipient id from the previous page')),
  only: optionalParam(z.enum(['failed', 'skipped', 'replied'])),
});
export type ListRecipients = z.output<typeof listRecipientsSchema>;

export const importQuerySchema = z.strictObject({
  country: optionalParam(z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as PT')),
  tag: optionalParam(z.union([z.string(), z.array(z.string())])),
  optIn: optionalParam(z.string().trim().min(1).max(200)),
});
export type ImportQuery = z.output<typeof importQuerySchema>;

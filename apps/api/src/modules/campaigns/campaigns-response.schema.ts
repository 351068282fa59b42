import { audienceSpecSchema, segmentFilterSchema } from '@leadline/campaigns';
import { CampaignStatus } from '@leadline/database';
import { z } from 'zod';
import { isoDate } from '../pagination/page-response.schema';

/** What the campaigns and segments routes answer (see flows-response.schema.ts for why these are zod). */
export const campaignStatsSchema = z.object({
  status: z.string(),
  recipients: z.number().int(),
  pending: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  read: z.number().int(),
  failed: z.number().int(),
  replied: z.number().int(),
  completed: z.number().int().describe('Repliers whose follow-up flow run completed'),
  skipped: z.object({
    optedOut: z.number().int(),
    tierLimit: z.number().int(),
    invalid: z.number().int(),
    marketingToUs: z.number().int(),
    cancelled: z.number().int(),
  }),
});

export const campaignViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(CampaignStatus),
  channelId: z.uuid(),
  templateName: z.string(),
  templateLanguage: z.string(),
  params: z.unknown().describe('Template parameters as chosen (constants or contact fields)'),
  audience: audienceSpecSchema,
  segmentId: z.uuid().nullable(),
  flowKey: z.string().nullable(),
  buttonFlows: z.unknown().describe('Quick-reply button → flow key'),
  ratePerSecond: z.number().int(),
  scheduledAt: isoDate.nullable(),
  startedAt: isoDate.nullable(),
  finishedAt: isoDate.nullable(),
  createdAt: isoDate,
  stats: campaignStatsSchema,
});

export const campaignListSchema = z.object({ items: z.array(campaignViewSchema) });
export const campaignCreatedSchema = z.object({ id: z.uuid() });
export const campaignControlSchema = z.object({ status: z.enum(CampaignStatus) });

export const campaignPreviewSchema = z.object({
  count: z.number().int(),
  template: z
    .object({
      category: z.string(),
      status: z.string(),
      body: z.string().nullable(),
      header: z.string().nullable(),
    })
    .nullable(),
  samples: z.array(
    z.object({
      name: z.string().nullable(),
      phone: z.string(),
      text: z.string().nullable(),
      header: z.string().nullable().optional(),
      missing: z.string().optional().describe('The parameter this contact has no value for'),
    }),
  ),
});

export const recipientPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.string().describe('A recipient id (digits)'),
      contactId: z.uuid(),
      phone: z.string(),
      name: z.string().nullable(),
      state: z.string(),
      messageStatus: z.string().nullable(),
      reason: z.string().nullable().describe('Why it was not sent or failed, in words'),
      errorCode: z.string().nullable(),
      repliedAt: isoDate.nullable(),
      flowStatus: z.string().nullable(),
    }),
  ),
  next: z.string().nullable().describe('Pass as ?after= for the next page; null on the last page'),
});

export const segmentViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  filter: segmentFilterSchema,
  createdAt: isoDate,
  updatedAt: isoDate,
});

export const segmentListSchema = z.object({
  items: z.array(segmentViewSchema.extend({ count: z.number().int() })),
});
export const segmentCountSchema = z.object({ count: z.number().int() });

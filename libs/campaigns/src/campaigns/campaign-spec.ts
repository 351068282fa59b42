import { z } from 'zod';

/** A template parameter: a contact property (name, phone, or a custom field) or a fixed text. */
export const paramSourceSchema = z.union([
  z.object({ field: z.string().regex(/^(name|phone|[a-zA-Z_][a-zA-Z0-9_]{0,63})$/) }).strict(),
  z.object({ value: z.string().min(1).max(1024) }).strict(),
]);
export type ParamSource = z.infer<typeof paramSourceSchema>;

/** Body parameters in order ({{1}}, {{2}}, …); a fallback for contacts who lack the field. */
export const campaignParamsSchema = z.object({
  body: z.array(paramSourceSchema).max(20).default([]),
  /** Text of a {{1}} in the header, if the template has one. */
  header: paramSourceSchema.optional(),
  /** The photo, document or video of a media header (the same for every recipient). */
  headerMedia: z
    .object({
      kind: z.enum(['image', 'document', 'video']),
      url: z.url({ protocol: /^https$/, error: 'must be an https:// link WhatsApp can fetch' }).max(2000),
      filename: z.string().trim().min(1).max(240).optional(),
    })
    .strict()
    .optional(),
  /** Used for a contact property that is empty; without it such a contact is skipped as invalid. */
  fallback: z.string().max(200).optional(),
});
export type CampaignParams = z.infer<typeof campaignParamsSchema>;

export const audienceSpecSchema = z.union([
  z.object({ tags: z.array(z.string().trim().min(1).max(64)).min(1).max(20) }).strict(),
  z.object({ segmentId: z.uuid() }).strict(),
]);
export type AudienceSpec = z.infer<typeof audienceSpecSchema>;

export const createCampaignSchema = z.object({
  name: z.string().trim().min(1).max(120),
  templateName: z.string().regex(/^[a-z0-9_]{1,512}$/, 'a template name is lower-case letters, digits and _'),
  language: z.string().min(2).max(15),
  /** The channel (WhatsApp number) to send from; the one with this template approved when omitted. */
  channelId: z.uuid().optional(),
  audience: audienceSpecSchema,
  params: campaignParamsSchema.default({ body: [] }),
  /** The flow that takes over when a recipient replies. */
  flowKey: z.string().trim().min(1).max(100).optional(),
  /**
   * A reply by one of the template's quick-reply buttons (matched by its text or payload) starts that
   * button's flow instead of flowKey: "Yes, call me" → call-back, "Not now" → unsubscribe-survey.
   */
  buttonFlows: z
    .record(z.string().trim().min(1).max(100), z.string().trim().min(1).max(100))
    .refine((routes) => Object.keys(routes).length <= 10, { error: 'at most 10 buttons' })
    .optional(),
  /** Messages per second this campaign hands to the send path (the channel's own limit still applies). */
  ratePerSecond: z.number().int().min(1).max(1000).default(20),
  /** ISO 8601; without an offset it is read in the workspace's time zone. Omitted: when started. */
  scheduledAt: z.string().min(10).max(40).optional(),
});
export type CreateCampaignInput = z.input<typeof createCampaignSchema>;
export type CreateCampaign = z.output<typeof createCampaignSchema>;

/** "1=contact.name", "2=Summer sale", "header=contact.city": the CLI's --param. */
export function parseParamFlag(flag: string): { slot: 'header' | number; source: ParamSource } | undefined {
  const match = /^(header|\d{1,2})=(.+)$/s.exec(flag);
  if (!match) return undefined;
  const slot = match[1] === 'header' ? 'header' : Number(match[1]);
  if (slot !== 'header' && slot < 1) return undefined;
  const value = match[2];
  const field = /^contact\.(?:fields\.)?([a-zA-Z_][a-zA-Z0-9_]{0,63})$/.exec(value);
  return { slot, source: field ? { field: field[1] } : { value } };
}

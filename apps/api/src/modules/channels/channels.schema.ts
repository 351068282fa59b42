import { z } from 'zod';
import { pageQueryShape } from '../pagination/page';

const E164 = /^\+[1-9]\d{6,14}$/;
const secret = z.string().trim().min(1, { error: 'must not be empty' }).max(2000);
const common = {
  phoneNumberId: z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(100)
    .regex(/^\S+$/, { error: 'must not contain spaces' }),
  name: z.string().trim().min(1).max(100).optional(),
};
const displayPhone = z.string().trim().regex(E164, { error: 'must be an E.164 number, e.g. +15550100000' });

/**
 * Credentials go in, sealed at once; no answer of the API ever contains them. Meta and Twilio numbers
 * are proven with the provider before they are stored, which also gives their display number (so it
 * may be left out); a Twilio channel's phone number id is its sender number.
 */
export const createChannelSchema = z.discriminatedUnion(
  'provider',
  [
    z.strictObject({
      provider: z.literal('meta'),
      ...common,
      displayPhone: displayPhone.optional(),
      wabaId: z.string().trim().min(1).max(100).optional(),
      credentials: z.strictObject({ accessToken: secret, appSecret: secret.optional() }),
    }),
    z.strictObject({
      provider: z.literal('twilio'),
      ...common,
      displayPhone: displayPhone.optional(),
      credentials: z.strictObject({
        accountSid: z
          .string()
          .trim()
          .regex(/^AC[0-9a-fA-F]{32}$/, { error: 'must be a Twilio account SID (AC...)' }),
        authToken: secret,
        from: z
          .string()
          .trim()
          .regex(/^whatsapp:\+[1-9]\d{6,14}$/, { error: 'must look like whatsapp:+15550100000' }),
        // Content templates configured by hand (`name:language` → HX...); normally `templates sync`
        // reads them from the account's Content API instead.
        contentSids: z
          .record(
            z.string().regex(/^[a-z0-9_]{1,512}(:[A-Za-z0-9_]{2,8})?$/, {
              error: 'keys must be name or name:language',
            }),
            z.string().regex(/^HX[0-9a-fA-F]{32}$/, { error: 'must be a Content SID (HX...)' }),
          )
          .optional(),
      }),
    }),
    z.strictObject({ provider: z.literal('sandbox'), ...common, displayPhone }),
  ],
  { error: 'provider: must be meta, twilio or sandbox' },
);

export const listChannelsSchema = z.strictObject({ ...pageQueryShape });

export type CreateChannel = z.output<typeof createChannelSchema>;
export type ListChannels = z.output<typeof listChannelsSchema>;

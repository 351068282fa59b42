import { z } from 'zod';
import { ProviderError } from '../errors/provider-error';
import type { GraphClient } from '../meta/graph-client';
import { toE164 } from '../shared/e164';

/** What Meta says about a business number: the channel's display number and its health. */
export interface MetaPhoneNumberInfo {
  id: string;
  /** E.164, read from `display_phone_number` (Meta formats it as `+1 555-025-3483`). */
  displayPhone: string;
  verifiedName?: string;
  /** GREEN, YELLOW, RED or UNKNOWN. */
  qualityRating?: string;
  /** TIER_250, TIER_1K, TIER_10K, TIER_100K, TIER_UNLIMITED. */
  messagingTier?: string;
}

const phoneNumberSchema = z.object({
  id: z.string(),
  display_phone_number: z.string(),
  verified_name: z.string().optional(),
  quality_rating: z.string().optional(),
  messaging_limit_tier: z.string().optional(),
});
const phoneNumberPageSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

export const PHONE_NUMBER_FIELDS =
  'id,display_phone_number,verified_name,quality_rating,messaging_limit_tier';

function malformed(what: string): ProviderError {
  return new ProviderError({
    provider: 'meta',
    classification: { kind: 'permanent' },
    code: 'malformed_response',
    httpStatus: 200,
    message: `Graph API response has an unexpected shape (${what})`,
  });
}

/** `GET /{phone-number-id}`: only a token that may act for the number can read it. */
export async function readMetaPhoneNumber(
  graph: GraphClient,
  phoneNumberId: string,
): Promise<MetaPhoneNumberInfo> {
  const target = `/${encodeURIComponent(phoneNumberId)}?${new URLSearchParams({ fields: PHONE_NUMBER_FIELDS })}`;
  const parsed = phoneNumberSchema.safeParse(await graph.request({ method: 'GET', target }));
  if (!parsed.success) throw malformed('phone number');
  const number = parsed.data;
  const displayPhone = toE164(number.display_phone_number.replace(/[^\d+]/g, ''));
  if (!displayPhone) throw malformed('display_phone_number');
  return {
    id: number.id,
    displayPhone,
    ...(number.verified_name ? { verifiedName: number.verified_name } : {}),
    ...(number.quality_rating ? { qualityRating: number.quality_rating } : {}),
    ...(number.messaging_limit_tier ? { messagingTier: number.messaging_limit_tier } : {}),
  };
}

/** `GET /{waba-id}/phone_numbers`: whether the number is one of the WABA's (first 100 numbers). */
export async function wabaHasNumber(
  graph: GraphClient,
  wabaId: string,
  phoneNumberId: string,
): Promise<boolean> {
  const target = `/${encodeURIComponent(wabaId)}/phone_numbers?${new URLSearchParams({ fields: 'id', limit: '100' })}`;
  const parsed = phoneNumberPageSchema.safeParse(await graph.request({ method: 'GET', target }));
  if (!parsed.success) throw malformed('phone number list');
  return parsed.data.data.some((number) => number.id === phoneNumberId);
}

import { isProviderError } from '../errors/provider-error';
import { GraphClient } from '../meta/graph-client';
import { DEFAULT_GRAPH_URL, DEFAULT_GRAPH_VERSION } from '../meta/meta-cloud.provider';
import { toE164 } from '../shared/e164';
import { readMetaPhoneNumber, wabaHasNumber, type MetaPhoneNumberInfo } from './meta-phone-number';
import { twilioAccountHasNumber } from './twilio-sender';

/** A number someone wants to attach, with the credentials that are supposed to control it. */
export type ChannelClaim =
  | { provider: 'meta'; phoneNumberId: string; wabaId?: string; accessToken: string }
  | { provider: 'twilio'; phoneNumberId: string; accountSid: string; authToken: string; from: string };

/** Where the providers' APIs are (the deployment's META_GRAPH_URL / TWILIO_API_URL). */
export interface ProviderEndpoints {
  meta: { graphUrl?: string; graphVersion?: string };
  twilio: { apiUrl?: string };
  /** Injected for tests; defaults to Node's global fetch. */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** What the provider told us about a proven number. */
export type ProvenNumber = Omit<MetaPhoneNumberInfo, 'id'>;

export type ChannelOwnershipCode = 'CHANNEL_NOT_VERIFIED' | 'PROVIDER_UNREACHABLE';

/**
 * The credentials could not be shown to control the number. One code and one message for "the number
 * does not exist", "it is not this account's" and "the token is wrong": the answer must not tell a
 * prober anything about numbers it does not control. PROVIDER_UNREACHABLE (timeout, outage) says
 * nothing about the number either, and may be retried.
 */
export class ChannelOwnershipError extends Error {
  override readonly name = 'ChannelOwnershipError';

  constructor(
    readonly code: ChannelOwnershipCode,
    message: string,
  ) {
    super(message);
  }
}

const NOT_VERIFIED: Record<'meta' | 'twilio', string> = {
  meta:
    'Meta did not confirm that this access token controls this phone number id' +
    ' (check the phone number id, the WhatsApp Business Account id and the token)',
  twilio:
    'Twilio did not confirm that this sender belongs to this account' +
    ' (check the account SID, the auth token and the sender number)',
};

function refusal(provider: 'meta' | 'twilio', error: unknown): ChannelOwnershipError {
  if (isProviderError(error) && error.classification.kind === 'retryable') {
    return new ChannelOwnershipError(
      'PROVIDER_UNREACHABLE',
      `${provider === 'meta' ? 'Meta' : 'Twilio'} could not be reached to confirm the number; try again`,
    );
  }
  return new ChannelOwnershipError('CHANNEL_NOT_VERIFIED', NOT_VERIFIED[provider]);
}

/**
 * Asks the provider whether the claim's credentials control the number, before anything is stored:
 * Meta: the token can read `GET /{phone-number-id}` and, with a WABA id, the number is one of the
 * WABA's; Twilio: the sender is one of the account's numbers, and it is the channel's phone number id
 * (Twilio webhooks are routed by the sender's number, so that is what must be proven). Resolves with
 * the display number and, for Meta, the number's health.
 */
export async function proveChannelOwnership(
  claim: ChannelClaim,
  endpoints: ProviderEndpoints,
): Promise<ProvenNumber> {
  if (claim.provider === 'twilio') {
    const sender = toE164(claim.from);
    if (!sender || sender !== claim.phoneNumberId) {
      throw new ChannelOwnershipError(
        'CHANNEL_NOT_VERIFIED',
        "a Twilio channel's phone number id is its sender number in E.164 (e.g. +15550001111)",
      );
    }
    let owned: boolean;
    try {
      owned = await twilioAccountHasNumber(
        {
          apiUrl: endpoints.twilio.apiUrl,
          accountSid: claim.accountSid,
          authToken: claim.authToken,
          timeoutMs: endpoints.timeoutMs,
        },
        sender,
      );
    } catch (error) {
      throw refusal('twilio', error);
    }
    if (!owned) throw refusal('twilio', undefined);
    return { displayPhone: sender };
  }
  const graph = new GraphClient({
    graphUrl: endpoints.meta.graphUrl ?? DEFAULT_GRAPH_URL,
    graphVersion: endpoints.meta.graphVersion ?? DEFAULT_GRAPH_VERSION,
    accessToken: claim.accessToken,
    fetch: endpoints.fetch ?? globalThis.fetch,
    timeoutMs: endpoints.timeoutMs ?? 10_000,
  });
  try {
    const { id, ...number } = await readMetaPhoneNumber(graph, claim.phoneNumberId);
    if (id !== claim.phoneNumberId) throw refusal('meta', undefined);
    if (claim.wabaId && !(await wabaHasNumber(graph, claim.wabaId, claim.phoneNumberId))) {
      throw refusal('meta', undefined);
    }
    return number;
  } catch (error) {
    if (error instanceof ChannelOwnershipError) throw error;
    throw refusal('meta', error);
  }
}

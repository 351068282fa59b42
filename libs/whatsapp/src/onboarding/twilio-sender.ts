import twilio from 'twilio';
import { BaseUrlRequestClient, TWILIO_API_URL } from '../twilio/base-url-request-client';
import { toTwilioProviderError } from '../twilio/twilio-error';

export interface TwilioAccountOptions {
  /** Default https://api.twilio.com; a fake server's URL in tests and demos. */
  apiUrl?: string;
  accountSid: string;
  authToken: string;
  /** Per request, default 10 s. */
  timeoutMs?: number;
}

/**
 * The official SDK pointed at `apiUrl` (api, content and messaging hosts alike). TWILIO_EDGE /
 * TWILIO_REGION in the environment must not steer requests meant for a custom URL.
 */
export function twilioClient(options: TwilioAccountOptions): twilio.Twilio {
  const apiUrl = options.apiUrl ?? TWILIO_API_URL;
  return twilio(options.accountSid, options.authToken, {
    httpClient: new BaseUrlRequestClient(apiUrl, { timeout: options.timeoutMs ?? 10_000 }),
    ...(apiUrl === TWILIO_API_URL ? {} : { edge: '', region: '' }),
  });
}

/**
 * Whether the E.164 number is the account's: one of its Incoming Phone Numbers, or a sender of one of
 * its Messaging Services. Another account's number, or a number nobody has, is simply not found.
 * Provider failures (bad credentials, outage) reject with a ProviderError.
 */
export async function twilioAccountHasNumber(options: TwilioAccountOptions, phone: string): Promise<boolean> {
  const client = twilioClient(options);
  try {
    const incoming = await client.incomingPhoneNumbers.list({ phoneNumber: phone, limit: 20 });
    if (incoming.some((number) => number.phoneNumber === phone)) return true;
    const services = await client.messaging.v1.services.list({ limit: 50 });
    for (const service of services) {
      const numbers = await client.messaging.v1.services(service.sid).phoneNumbers.list({ limit: 400 });
      if (numbers.some((number) => number.phoneNumber === phone)) return true;
    }
    return false;
  } catch (error) {
    throw toTwilioProviderError(error);
  }
}

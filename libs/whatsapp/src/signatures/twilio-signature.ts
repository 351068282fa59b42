import twilio from 'twilio';

export interface TwilioSignatureInput {
  authToken: string;
  /** The full URL Twilio called, query string included, as configured in the Twilio console. */
  url: string;
  /** The form parameters of the POST (repeated names as arrays). */
  params: Record<string, string | string[]>;
  /** The `X-Twilio-Signature` header. */
  signature: string | undefined;
}

/**
 * Checks `X-Twilio-Signature` with the official SDK, which compares in constant time and also tries
 * the URL with and without an explicit :443/:80 port. Never throws.
 */
export function verifyTwilioSignature(input: TwilioSignatureInput): boolean {
  const { authToken, url, params, signature } = input;
  if (typeof authToken !== 'string' || !authToken || typeof signature !== 'string' || !signature)
    return false;
  if (typeof url !== 'string' || !url) return false;
  try {
    return twilio.validateRequest(authToken, signature, url, params ?? {});
  } catch {
    // The SDK parses the URL with `new URL()`, which throws on garbage.
    return false;
  }
}

import type { ProviderName } from '../events/channel-event';
import { ProviderError } from '../errors/provider-error';
import { toE164 } from '../shared/e164';

/** A message the provider would reject anyway: refused before any request, never retried. */
export function invalidMessage(provider: ProviderName, message: string): ProviderError {
  return new ProviderError({
    provider,
    classification: { kind: 'permanent' },
    code: 'invalid_message',
    message,
  });
}

export function recipientE164(provider: ProviderName, to: string): string {
  const phone = toE164(to);
  if (!phone) {
    throw new ProviderError({
      provider,
      classification: { kind: 'permanent' },
      code: 'invalid_recipient',
      message: 'Recipient is not an E.164 phone number',
    });
  }
  return phone;
}

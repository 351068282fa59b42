import { isProviderError } from '@leadline/whatsapp';
import { MissingCredentialsError } from '../provider-factory';

/** The channel a template operation was about, as an operator knows it. */
export interface ChannelLabel {
  id: string;
  provider: string;
  phoneNumberId: string;
}

/**
 * A template sync or submission that failed for one channel: the channel cannot have templates
 * (sandbox, no WABA id, missing credentials) or its provider refused or did not answer. The message
 * names the channel and never holds credentials.
 */
export class TemplateChannelError extends Error {
  override readonly name = 'TemplateChannelError';

  constructor(
    readonly channel: ChannelLabel,
    readonly reason: string,
    action = 'template sync of',
  ) {
    super(`${action} ${channel.provider} channel ${channel.phoneNumberId} failed: ${reason}`);
  }
}

/** A template definition we refuse before asking the provider (bad name, category, body...). */
export class InvalidTemplateError extends Error {
  override readonly name = 'InvalidTemplateError';
}

/**
 * Why a provider call failed, in words an operator can act on. Provider errors already leave out
 * tokens and bodies; an auth failure gets its own wording because the fix is new credentials.
 */
export function describeProviderFailure(error: unknown): string {
  if (isProviderError(error)) {
    const code = error.code ?? error.httpStatus;
    if (error.classification.kind === 'auth') {
      if (error.provider === 'twilio') return `Twilio refused the account SID or auth token (${code})`;
      if (code === 190 || code === 0) return `the access token was refused (${code})`;
      return `the access token lacks a permission for the WhatsApp Business Account (${code})`;
    }
    return error.message;
  }
  if (error instanceof MissingCredentialsError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { isProviderError, ProviderError } from '../errors/provider-error';
import { GraphClient } from '../meta/graph-client';
import { readMetaPhoneNumber, wabaHasNumber, type MetaPhoneNumberInfo } from './meta-phone-number';

/** What the browser hands over after the Facebook login and the session-info message. */
export interface EmbeddedSignupInput {
  code: string;
  wabaId: string;
  phoneNumberId: string;
  /** The number's two-step verification PIN; a new one is chosen when the number has none. */
  pin?: string;
}

/** The platform's Meta app, and where the Graph API is (META_GRAPH_URL). */
export interface EmbeddedSignupApp {
  appId: string;
  appSecret: string;
  graphUrl: string;
  graphVersion: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface EmbeddedSignupResult {
  /** The business token from the code exchange: to be sealed, never shown. */
  accessToken: string;
  /** The PIN the number was registered with (sealed too: re-registration needs it). */
  pin: string;
  number: MetaPhoneNumberInfo;
}

export type EmbeddedSignupCode =
  | 'SIGNUP_CODE_EXPIRED'
  | 'SIGNUP_CODE_INVALID'
  | 'SIGNUP_NOT_CONFIGURED'
  | 'CHANNEL_NOT_VERIFIED'
  | 'MISSING_PERMISSION'
  | 'REGISTRATION_PIN_MISMATCH'
  | 'NUMBER_REGISTRATION_REFUSED'
  | 'PROVIDER_UNREACHABLE';

/** One step of Embedded Signup failed; `message` is for the person who clicked "Connect WhatsApp". */
export class EmbeddedSignupError extends Error {
  override readonly name = 'EmbeddedSignupError';

  constructor(
    readonly code: EmbeddedSignupCode,
    message: string,
    /** The step that failed, for logs: exchange, verify, subscribe, register. */
    readonly step: string,
  ) {
    super(message);
  }
}

const tokenSchema = z.object({ access_token: z.string().min(1) });
const successSchema = z.object({ success: z.literal(true) });

const MESSAGES = {
  expired:
    'The Facebook sign-in expired before it was finished. Click "Connect WhatsApp" and go through it again.',
  invalid:
    'The Facebook sign-in could not be completed (its code was already used or is not valid). Start again.',
  notConfigured:
    'Embedded Signup is not set up correctly on this server (Meta app id or secret). Ask the administrator.',
  notVerified:
    'Meta did not confirm that this business controls the chosen number. Start again and pick a number of this business.',
  permission:
    'Leadline was not given permission to manage this WhatsApp Business Account. Start again and allow every requested permission.',
  pin: 'This number has two-step verification with another PIN. Enter the PIN set for the number (WhatsApp Manager) and try again.',
  unreachable: 'Meta could not be reached. Nothing was connected; try again in a moment.',
} as const;

function isAuthFailure(error: ProviderError): boolean {
  return (
    error.classification.kind === 'auth' || error.code === 10 || error.code === 200 || error.code === 190
  );
}

/** Maps a Graph failure of one step to what the user is told. */
function stepFailure(step: string, error: unknown): EmbeddedSignupError {
  if (error instanceof EmbeddedSignupError) return error;
  if (!isProviderError(error) || error.classification.kind === 'retryable') {
    return new EmbeddedSignupError('PROVIDER_UNREACHABLE', MESSAGES.unreachable, step);
  }
  if (step === 'exchange') {
    if (error.subcode === 36007)
      return new EmbeddedSignupError('SIGNUP_CODE_EXPIRED', MESSAGES.expired, step);
    if (error.code === 100) return new EmbeddedSignupError('SIGNUP_CODE_INVALID', MESSAGES.invalid, step);
    return new EmbeddedSignupError('SIGNUP_NOT_CONFIGURED', MESSAGES.notConfigured, step);
  }
  if (step === 'verify') return new EmbeddedSignupError('CHANNEL_NOT_VERIFIED', MESSAGES.notVerified, step);
  if (isAuthFailure(error)) return new EmbeddedSignupError('MISSING_PERMISSION', MESSAGES.permission, step);
  if (step === 'register') {
    if (error.code === 133005)
      return new EmbeddedSignupError('REGISTRATION_PIN_MISMATCH', MESSAGES.pin, step);
    const said = error.message.replace(/^Graph API error \([^)]*\):?\s*/, '');
    return new EmbeddedSignupError(
      'NUMBER_REGISTRATION_REFUSED',
      `Meta refused to register the number for the Cloud API${said ? `: ${said}` : ''}. If it is in use on the WhatsApp app or with another provider, remove it there first.`,
      step,
    );
  }
  return new EmbeddedSignupError('MISSING_PERMISSION', MESSAGES.permission, step);
}

async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw stepFailure(name, error);
  }
}

/**
 * Finishes Meta's Embedded Signup on the server, every call to `graphUrl`: exchanges the code for
 * the business's token (GET /oauth/access_token with the app id and secret), checks that the token
 * controls the number and that it is the WABA's, subscribes the app to the WABA's webhooks
 * (POST /{waba-id}/subscribed_apps), registers the number for the Cloud API (POST
 * /{phone-number-id}/register) and reads its display number, verified name, quality and tier.
 * Stores nothing: the caller stores the channel only when this resolves, so a failure at any step
 * leaves nothing half-made on our side; the Meta-side steps repeat harmlessly when the user retries.
 */
export async function completeEmbeddedSignup(
  input: EmbeddedSignupInput,
  app: EmbeddedSignupApp,
): Promise<EmbeddedSignupResult> {
  const client = (accessToken: string) =>
    new GraphClient({
      graphUrl: app.graphUrl,
      graphVersion: app.graphVersion,
      accessToken,
      fetch: app.fetch ?? globalThis.fetch,
      timeoutMs: app.timeoutMs ?? 10_000,
    });
  const accessToken = await step('exchange', async () => {
    const query = new URLSearchParams({
      client_id: app.appId,
      client_secret: app.appSecret,
      code: input.code,
    });
    const parsed = tokenSchema.safeParse(
      await client('').request({ method: 'GET', target: `/oauth/access_token?${query}` }),
    );
    if (!parsed.success) throw new EmbeddedSignupError('SIGNUP_CODE_INVALID', MESSAGES.invalid, 'exchange');
    return parsed.data.access_token;
  });
  const graph = client(accessToken);
  const number = await step('verify', async () => {
    const read = await readMetaPhoneNumber(graph, input.phoneNumberId);
    if (read.id !== input.phoneNumberId || !(await wabaHasNumber(graph, input.wabaId, input.phoneNumberId))) {
      throw new EmbeddedSignupError('CHANNEL_NOT_VERIFIED', MESSAGES.notVerified, 'verify');
    }
    return read;
  });
  await step('subscribe', async () => {
    successSchema.parse(
      await graph.request({ method: 'POST', target: `/${encodeURIComponent(input.wabaId)}/subscribed_apps` }),
    );
  });
  const pin = input.pin ?? String(randomInt(0, 1_000_000)).padStart(6, '0');
  await step('register', async () => {
    successSchema.parse(
      await graph.request({
        method: 'POST',
        target: `/${encodeURIComponent(input.phoneNumberId)}/register`,
        body: { json: { messaging_product: 'whatsapp', pin } },
      }),
    );
  });
  return { accessToken, pin, number };
}

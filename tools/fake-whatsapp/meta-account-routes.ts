import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http-io';
import { GraphRequestError } from './meta-graph-errors';
import { isRecord } from './meta-message-validator';
import { readJsonBody, type MetaPhoneDirectory, type MetaPhoneNumber } from './meta-phone-directory';

/** An Embedded Signup authorization code the fake's OAuth endpoint exchanges for a business token. */
export interface SignupCode {
  code: string;
  /** The business token it gives; must be one of a number's `tokens` to act for that number. */
  accessToken: string;
  /** Meta's codes live minutes and are single-use: an expired code answers subcode 36007. */
  expired?: boolean;
}

/** How the fake refuses `POST /{phone-number-id}/register` for one number. */
export interface RegistrationRefusal {
  code: number;
  details: string;
}

/**
 * What Embedded Signup and channel onboarding touch on Meta's side: the app's OAuth code exchange,
 * the WABA's app subscription, number registration and the phone number object itself.
 */
export class MetaAccountState {
  private readonly codes = new Map<string, SignupCode & { used: boolean }>();
  readonly subscribed = new Set<string>();
  readonly registered = new Map<string, string | undefined>();
  readonly registrationRefusals = new Map<string, RegistrationRefusal>();

  constructor(
    readonly app: { id: string; secret: string },
    private readonly phones: MetaPhoneDirectory,
  ) {}

  addSignupCode(code: SignupCode): void {
    this.codes.set(code.code, { ...code, used: false });
  }

  /** GET /oauth/access_token?client_id&client_secret&code */
  exchangeCode(url: URL, res: ServerResponse): void {
    const q = (name: string) => url.searchParams.get(name) ?? '';
    if (q('client_id') !== this.app.id) {
      throw new GraphRequestError(101, undefined, {
        message: 'Error validating application. Invalid application ID.',
      });
    }
    if (q('client_secret') !== this.app.secret) {
      throw new GraphRequestError(1, undefined, { message: 'Error validating client secret.', subcode: 1 });
    }
    const entry = this.codes.get(q('code'));
    if (!entry) {
      throw new GraphRequestError(100, undefined, {
        message: 'Invalid verification code format.',
        subcode: 36008,
      });
    }
    if (entry.expired) {
      throw new GraphRequestError(100, undefined, {
        message: 'This authorization code has expired.',
        subcode: 36007,
      });
    }
    if (entry.used) {
      throw new GraphRequestError(100, undefined, {
        message: 'This authorization code has been used.',
        subcode: 36009,
      });
    }
    entry.used = true;
    sendJson(res, 200, { access_token: entry.accessToken, token_type: 'bearer' });
  }

  /** GET /{phone-number-id}: only a token that may act for the number can read it. */
  readNumber(phoneNumberId: string, url: URL, req: IncomingMessage, res: ServerResponse): void {
    const phone = this.phones.authorizeNumber(req, url, phoneNumberId);
    sendJson(res, 200, numberFields(phone, this.registered.has(phone.id)));
  }

  /** GET /{waba-id}/phone_numbers */
  listNumbers(wabaId: string, url: URL, req: IncomingMessage, res: ServerResponse): void {
    this.phones.authorizeWaba(req, url, wabaId);
    const data = this.phones.ofWaba(wabaId).map((p) => numberFields(p, this.registered.has(p.id)));
    sendJson(res, 200, { data });
  }

  /** POST /{waba-id}/subscribed_apps: the app receives the WABA's webhooks from now on. */
  subscribe(wabaId: string, url: URL, req: IncomingMessage, res: ServerResponse): void {
    this.phones.authorizeWaba(req, url, wabaId);
    this.subscribed.add(wabaId);
    sendJson(res, 200, { success: true });
  }

  /** POST /{phone-number-id}/register `{ messaging_product: 'whatsapp', pin }` */
  async register(phoneNumberId: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const phone = this.phones.authorizeNumber(req, url, phoneNumberId);
    const body = await readJsonBody(req);
    if (!isRecord(body) || body.messaging_product !== 'whatsapp') {
      throw new GraphRequestError(100, 'messaging_product must be whatsapp');
    }
    if (typeof body.pin !== 'string' || !/^\d{6}$/.test(body.pin)) {
      throw new GraphRequestError(100, 'pin must be 6 digits');
    }
    const refusal = this.registrationRefusals.get(phone.id);
    if (refusal) throw new GraphRequestError(refusal.code, refusal.details);
    const pin = this.registered.get(phone.id);
    if (pin !== undefined && pin !== body.pin) throw new GraphRequestError(133005, 'The PIN does not match');
    this.registered.set(phone.id, body.pin);
    sendJson(res, 200, { success: true });
  }
}

function numberFields(phone: MetaPhoneNumber, registered: boolean) {
  return {
    id: phone.id,
    display_phone_number: `+${phone.displayPhoneNumber}`,
    verified_name: phone.verifiedName ?? 'Fake Business',
    quality_rating: phone.qualityRating ?? 'GREEN',
    messaging_limit_tier: phone.messagingLimitTier ?? 'TIER_1K',
    status: registered ? 'CONNECTED' : 'PENDING',
  };
}

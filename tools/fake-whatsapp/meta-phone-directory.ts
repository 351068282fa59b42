import type { IncomingMessage } from 'node:http';
import { header, readBody } from './http-io';
import { GraphRequestError } from './meta-graph-errors';
import type { PhoneNumberRef } from './meta-webhook-envelope';

export interface MetaPhoneNumber {
  id: string;
  /** Digits as shown in `metadata.display_phone_number`. */
  displayPhoneNumber: string;
  wabaId: string;
  /** Bearer tokens accepted for this number. */
  tokens: string[];
  /** The business name Meta approved for the number (default "Fake Business"). */
  verifiedName?: string;
  /** GREEN, YELLOW, RED or UNKNOWN (default GREEN). */
  qualityRating?: string;
  /** TIER_250, TIER_1K, TIER_10K, TIER_100K or TIER_UNLIMITED (default TIER_1K). */
  messagingLimitTier?: string;
}

const MAX_JSON_BYTES = 1024 * 1024;

export function invalidToken(): GraphRequestError {
  return new GraphRequestError(190, undefined, {
    message: 'Invalid OAuth access token - Cannot parse access token',
  });
}

/** The configured business numbers and which Bearer tokens may act for them. */
export class MetaPhoneDirectory {
  private readonly phones = new Map<string, MetaPhoneNumber>();

  constructor(phones: MetaPhoneNumber[]) {
    for (const phone of phones) this.phones.set(phone.id, phone);
    if (this.phones.size === 0) throw new Error('At least one phone number is required');
  }

  get(id: string): MetaPhoneNumber {
    const phone = this.phones.get(id);
    if (!phone) throw new Error(`Unknown phone number id ${id}`);
    return phone;
  }

  first(): MetaPhoneNumber {
    return this.phones.values().next().value as MetaPhoneNumber;
  }

  /** The numbers of one WhatsApp Business Account. */
  ofWaba(wabaId: string): MetaPhoneNumber[] {
    return [...this.phones.values()].filter((p) => p.wabaId === wabaId);
  }

  has(id: string): boolean {
    return this.phones.has(id);
  }

  ref(phone: MetaPhoneNumber): PhoneNumberRef {
    return { phoneNumberId: phone.id, displayPhoneNumber: phone.displayPhoneNumber, wabaId: phone.wabaId };
  }

  /** Any configured token; missing or unknown tokens are Graph error 190 (401). */
  requireKnownToken(req: IncomingMessage, url: URL): string {
    const auth = header(req, 'authorization');
    const token =
      (auth ? /^Bearer\s+(\S+)$/i.exec(auth)?.[1] : undefined) ?? url.searchParams.get('access_token');
    if (!token) {
      throw new GraphRequestError(190, undefined, {
        message: 'An active access token must be used to query information about the current user.',
      });
    }
    if (![...this.phones.values()].some((p) => p.tokens.includes(token))) throw invalidToken();
    return token;
  }

  /** The number addressed by the path, if the request's token may act for it. */
  authorizeNumber(req: IncomingMessage, url: URL, phoneNumberId: string): MetaPhoneNumber {
    const token = this.requireKnownToken(req, url);
    const phone = this.phones.get(phoneNumberId);
    if (!phone)
      throw new GraphRequestError(
        100,
        `Object with ID '${phoneNumberId}' does not exist or cannot be loaded`,
      );
    if (!phone.tokens.includes(token)) throw invalidToken();
    return phone;
  }

  /** Template management is allowed to tokens of any number in that WABA. */
  authorizeWaba(req: IncomingMessage, url: URL, wabaId: string): void {
    const token = this.requireKnownToken(req, url);
    const numbers = [...this.phones.values()].filter((p) => p.wabaId === wabaId);
    if (numbers.length === 0) {
      throw new GraphRequestError(100, `Object with ID '${wabaId}' does not exist or cannot be loaded`);
    }
    if (!numbers.some((p) => p.tokens.includes(token))) throw invalidToken();
  }

  /** Media belongs to the number that uploaded or received it. */
  assertOwnerToken(ownerPhoneId: string, token: string): void {
    if (!this.get(ownerPhoneId).tokens.includes(token)) throw invalidToken();
  }
}

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req, MAX_JSON_BYTES);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new GraphRequestError(100, 'Request body is not valid JSON');
  }
}

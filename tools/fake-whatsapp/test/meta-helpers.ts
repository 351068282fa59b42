import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FakeMetaGraph } from '../fake-meta-graph';
import type { ReceivedRequest } from './webhook-receiver';

export const PNID = '106540352242922';
export const WABA = '102290129340398';
export const TOKEN = 'EAAG-test-token';
export const OTHER_PNID = '106540352242999';
export const OTHER_TOKEN = 'EAAG-other-token';
export const APP_SECRET = 'app_secret_for_tests';
export const PHONE_NUMBERS = [
  { id: PNID, displayPhoneNumber: '15550001111', wabaId: WABA, tokens: [TOKEN] },
  { id: OTHER_PNID, displayPhoneNumber: '15550002222', wabaId: '102290129349999', tokens: [OTHER_TOKEN] },
];
export const USER = '+4915112345678';
export const USER_ID = '4915112345678';

export interface GraphResponse {
  status: number;
  body: Record<string, unknown>;
}

export interface GraphErrorShape {
  error: {
    message: string;
    type: string;
    code: number;
    error_data?: { details: string };
    fbtrace_id: string;
  };
}

export interface StatusEntry {
  id: string;
  status: string;
  timestamp: string;
  recipient_id: string;
  biz_opaque_callback_data?: string;
  pricing?: { billable: boolean; pricing_model: string; type: string; category: string };
  errors?: Array<{
    code: number;
    title: string;
    message: string;
    error_data: { details: string };
    href: string;
  }>;
}

export interface EnvelopeValue {
  messaging_product?: string;
  metadata?: { display_phone_number: string; phone_number_id: string };
  contacts?: Array<{ profile: { name: string }; wa_id: string }>;
  messages?: Array<Record<string, unknown> & { id: string; from: string; timestamp: string; type: string }>;
  statuses?: StatusEntry[];
  [key: string]: unknown;
}

export interface Envelope {
  object: string;
  entry: Array<{ id: string; time?: number; changes: Array<{ field: string; value: EnvelopeValue }> }>;
}

export const graphError = (res: GraphResponse) => (res.body as unknown as GraphErrorShape).error;

export const wamidOf = (res: GraphResponse): string => (res.body.messages as Array<{ id: string }>)[0].id;

export async function graphRequest(
  fake: FakeMetaGraph,
  path: string,
  init: { method?: string; token?: string | null; json?: unknown; body?: BodyInit } = {},
): Promise<GraphResponse> {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? TOKEN : init.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (init.json !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${fake.url}${path}`, {
    method: init.method ?? (init.json !== undefined || init.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

export function send(
  fake: FakeMetaGraph,
  json: unknown,
  options: { token?: string | null; pnid?: string } = {},
) {
  return graphRequest(fake, `/v25.0/${options.pnid ?? PNID}/messages`, { json, token: options.token });
}

export function textTo(to: string, body = 'Your table is ready.'): Record<string, unknown> {
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body } };
}

/** Independent check of X-Hub-Signature-256: HMAC-SHA256 over the raw bytes, compared in constant time. */
export function hasValidMetaSignature(request: ReceivedRequest, secret = APP_SECRET): boolean {
  const headerValue = request.headers['x-hub-signature-256'];
  if (typeof headerValue !== 'string' || !headerValue.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(request.raw).digest('hex'));
  const actual = Buffer.from(headerValue.slice('sha256='.length));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Every `statuses[]` entry across the received webhook POSTs, in arrival order. */
export function statusesIn(envelopes: Envelope[]): StatusEntry[] {
  return envelopes.flatMap((e) =>
    e.entry.flatMap((entry) => entry.changes.flatMap((c) => c.value.statuses ?? [])),
  );
}

export function messagesIn(envelopes: Envelope[]): NonNullable<EnvelopeValue['messages']> {
  return envelopes.flatMap((e) =>
    e.entry.flatMap((entry) => entry.changes.flatMap((c) => c.value.messages ?? [])),
  );
}

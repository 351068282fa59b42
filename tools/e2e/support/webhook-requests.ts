import twilio from 'twilio';
import { metaSignature } from '../../fake-whatsapp';
import { META } from './test-channels';

export interface HttpAnswer {
  status: number;
  text: string;
  /** The parsed body when it is JSON. */
  json?: { error?: { code?: string; message?: string } } & Record<string, unknown>;
}

async function answer(response: Response): Promise<HttpAnswer> {
  const text = await response.text();
  let json: HttpAnswer['json'];
  try {
    json = JSON.parse(text) as HttpAnswer['json'];
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

/** POSTs raw bytes to /webhooks/meta as Meta does; `signWith` picks the app secret (or no header). */
export async function postMetaWebhook(
  apiUrl: string,
  body: string | Buffer,
  signWith: string | { header: string } | null = META.appSecret,
): Promise<HttpAnswer> {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (typeof signWith === 'string') headers['X-Hub-Signature-256'] = metaSignature(signWith, bytes);
  else if (signWith) headers['X-Hub-Signature-256'] = signWith.header;
  return answer(
    await fetch(`${apiUrl}/webhooks/meta`, { method: 'POST', headers, body: new Uint8Array(bytes) }),
  );
}

/** POSTs a form to /webhooks/twilio, signed over the URL Twilio would call with `authToken`. */
export async function postTwilioWebhook(
  apiUrl: string,
  params: Record<string, string>,
  authToken: string,
): Promise<HttpAnswer> {
  const url = `${apiUrl}/webhooks/twilio`;
  return answer(
    await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilio.getExpectedTwilioSignature(authToken, url, params),
      },
      body: new URLSearchParams(params).toString(),
    }),
  );
}

/** A Meta `messages` webhook carrying one text message from `from` (digits) to our number. */
export function metaTextWebhook(input: { from: string; wamid: string; text: string; at?: Date }): string {
  const timestamp = String(Math.floor((input.at ?? new Date()).getTime() / 1000));
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: META.wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: META.displayPhone.slice(1),
                phone_number_id: META.phoneNumberId,
              },
              contacts: [{ profile: { name: 'Eve' }, wa_id: input.from }],
              messages: [
                { from: input.from, id: input.wamid, timestamp, type: 'text', text: { body: input.text } },
              ],
            },
          },
        ],
      },
    ],
  });
}

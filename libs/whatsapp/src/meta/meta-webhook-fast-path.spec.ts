import { MalformedWebhookError } from '../errors/malformed-webhook.error';
import { boundInboundEvent } from '../shared/inbound-limits';
import { readCommonMetaWebhook } from './meta-webhook-fast-path';
import { parseMetaWebhook, parseMetaWebhookWithSchemas } from './parse-meta-webhook';

const TS = '1767000000';

function statusWebhook(status: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: 'PN1' },
              statuses: [status],
            },
          },
        ],
      },
    ],
  };
}

const STATUS = {
  id: 'wamid.OUT1',
  status: 'delivered',
  timestamp: TS,
  recipient_id: '4915112345678',
  biz_opaque_callback_data: 'send.1',
  conversation: { id: 'c1', origin: { type: 'service' } },
  pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'service' },
};

const TEXT = {
  object: 'whatsapp_business_account',
  entry: [
    {
      id: 'WABA1',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '15550001111', phone_number_id: 'PN1' },
            contacts: [{ profile: { name: 'Ana' }, wa_id: '4915112345678' }],
            messages: [
              { from: '4915112345678', id: 'wamid.IN1', timestamp: TS, type: 'text', text: { body: 'hi' } },
            ],
          },
        },
      ],
    },
    {
      changes: [
        {
          field: 'messages',
          value: {
            metadata: { phone_number_id: 'PN2' },
            statuses: [
              { ...STATUS, status: 'played', timestamp: 1767000001 },
              { ...STATUS, status: 'sent' },
            ],
          },
        },
      ],
    },
  ],
};

/** The first text message of a copy of TEXT, to change it. */
function firstMessageOf(json: typeof TEXT): Record<string, unknown> & { text: { body: string } } {
  const value = json.entry[0].changes[0].value as unknown as {
    messages: Array<Record<string, unknown> & { text: { body: string } }>;
  };
  return value.messages[0];
}

/** What the schemas say about `json`: their result, or the error they throw. */
function schemas(json: unknown) {
  try {
    return parseMetaWebhookWithSchemas(json);
  } catch (error) {
    if (error instanceof MalformedWebhookError) return { thrown: error.reason };
    throw error;
  }
}

/** Every copy of `json` with one value (or one key's absence) replaced by each of `replacements`. */
function mutations(json: unknown, replacements: unknown[]): unknown[] {
  const out: unknown[] = [];
  const walk = (value: unknown, rebuild: (replacement: unknown) => unknown) => {
    for (const replacement of replacements) out.push(rebuild(replacement));
    if (Array.isArray(value)) {
      value.forEach((item, index) =>
        walk(item, (r) => rebuild(value.map((other, i) => (i === index ? r : other)))),
      );
    } else if (value && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        walk((value as Record<string, unknown>)[key], (r) => rebuild({ ...value, [key]: r }));
      }
    }
  };
  walk(json, (r) => r);
  return out;
}

const ODD_VALUES = [
  undefined,
  null,
  0,
  -1,
  1.5,
  1e12,
  true,
  '',
  '12',
  'x'.repeat(512),
  'x'.repeat(513),
  'a\u0000b',
  'failed',
  'played',
  'image',
  'messages',
  'whatsapp_business_account',
  [],
  [{}],
  {},
  { body: 'x' },
];

describe('the Meta webhook fast path (statuses and text messages without zod)', () => {
  it('reads the common shapes to exactly what the schemas give', () => {
    for (const json of [TEXT, statusWebhook(STATUS), statusWebhook({ ...STATUS, pricing: undefined })]) {
      const fast = readCommonMetaWebhook(json);
      expect(fast).toBeDefined();
      expect(fast).toEqual(parseMetaWebhookWithSchemas(json).events);
    }
    expect(parseMetaWebhook(TEXT).events.map((event) => event.kind)).toEqual(['message', 'status', 'status']);
  });

  it('on any one value changed, either gives what the schemas give with no problem, or leaves it to them', () => {
    let taken = 0;
    let declined = 0;
    for (const base of [TEXT, statusWebhook(STATUS)]) {
      for (const json of mutations(base, ODD_VALUES)) {
        const fast = readCommonMetaWebhook(json);
        if (fast === undefined) {
          declined++;
          continue;
        }
        taken++;
        // The schemas' path bounds its events too (parseMetaWebhook bounds the fast path's).
        const events = fast.map(boundInboundEvent);
        expect({ json, result: schemas(json) }).toEqual({ json, result: { events, problems: [] } });
      }
    }
    // Both branches are exercised (extra keys Meta adds are fine; wrong values are not).
    expect(taken).toBeGreaterThan(50);
    expect(declined).toBeGreaterThan(200);
  });

  it('leaves failed statuses, errors, other message types and other fields to the schemas', () => {
    const failed = statusWebhook({
      ...STATUS,
      status: 'failed',
      errors: [{ code: 131047, title: 'Re-engagement message' }],
    });
    expect(readCommonMetaWebhook(failed)).toBeUndefined();
    expect(parseMetaWebhook(failed).events[0]).toMatchObject({ status: 'failed', windowClosed: true });
    const reply = structuredClone(TEXT) as typeof TEXT;
    firstMessageOf(reply).context = { id: 'wamid.OUT1' };
    expect(readCommonMetaWebhook(reply)).toBeUndefined();
    expect(parseMetaWebhook(reply).events[0]).toMatchObject({ message: { replyTo: 'wamid.OUT1' } });
    const bad = statusWebhook({ ...STATUS, id: '' });
    expect(readCommonMetaWebhook(bad)).toBeUndefined();
    expect(() => parseMetaWebhook(bad)).toThrow(MalformedWebhookError);
  });

  it('still bounds what it read (NUL removed from free text, text cut) as the schemas path does', () => {
    const long = structuredClone(TEXT) as typeof TEXT;
    firstMessageOf(long).text.body = `a\u0000${'b'.repeat(5000)}`;
    const [event] = parseMetaWebhook(long).events;
    expect(readCommonMetaWebhook(long)).toBeDefined();
    expect(event.kind === 'message' && event.message.text).toBe(`a${'b'.repeat(4095)}`);
  });
});

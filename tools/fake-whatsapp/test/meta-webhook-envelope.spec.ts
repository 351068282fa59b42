import {
  buildMetaEnvelope,
  metaSignature,
  serialiseEnvelope,
  type MetaWebhookEvent,
} from '../meta-webhook-envelope';

const phone = { phoneNumberId: 'P1', displayPhoneNumber: '15550001111', wabaId: 'W1' };
const status = (id: string, s: 'sent' | 'delivered') =>
  ({
    kind: 'status',
    phone,
    status: { id, status: s, timestamp: '1767000000', recipient_id: '49151' },
  }) as const;

describe('Meta webhook envelope', () => {
  it('matches the reference signature test vector', () => {
    const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
    expect(metaSignature('app_secret_test', body)).toBe(
      'sha256=523505d20f6a97026a425949264490ca97eab5d4ba6cd6a0f56f7557599d7f7b',
    );
  });

  it('groups events by WABA and phone number, keeping event order inside statuses[]', () => {
    const other = { ...phone, phoneNumberId: 'P2' };
    const events: MetaWebhookEvent[] = [
      status('a', 'delivered'),
      {
        kind: 'status',
        phone: other,
        status: { id: 'b', status: 'sent', timestamp: '1', recipient_id: '1' },
      },
      status('a', 'sent'),
      { kind: 'template', wabaId: 'W2', time: 5, value: { event: 'APPROVED' } },
    ];
    const envelope = buildMetaEnvelope(events) as {
      entry: Array<{
        id: string;
        changes: Array<{
          field: string;
          value: { metadata?: { phone_number_id: string }; statuses?: Array<{ id: string; status: string }> };
        }>;
      }>;
    };
    expect(envelope.entry.map((e) => e.id)).toEqual(['W1', 'W2']);
    const [p1, p2] = envelope.entry[0].changes;
    expect(p1.value.metadata?.phone_number_id).toBe('P1');
    expect(p1.value.statuses?.map((s) => `${s.id}:${s.status}`)).toEqual(['a:delivered', 'a:sent']);
    expect(p2.value.metadata?.phone_number_id).toBe('P2');
    expect(envelope.entry[1].changes[0].field).toBe('message_template_status_update');
  });

  it('merges contacts of several inbound messages from the same user', () => {
    const contact = { profile: { name: 'Ana' }, wa_id: '49151' };
    const envelope = buildMetaEnvelope([
      { kind: 'message', phone, contact, message: { id: 'm1' } },
      { kind: 'message', phone, contact, message: { id: 'm2' } },
    ]) as { entry: Array<{ changes: Array<{ value: { contacts: unknown[]; messages: unknown[] } }> }> };
    expect(envelope.entry[0].changes[0].value.contacts).toHaveLength(1);
    expect(envelope.entry[0].changes[0].value.messages).toHaveLength(2);
  });

  it('can escape non-ASCII characters without changing the JSON value', () => {
    const envelope = { text: 'Olá 👋' };
    const escaped = serialiseEnvelope(envelope, true).toString('utf8');
    expect(escaped).toBe('{"text":"Ol\\u00e1 \\ud83d\\udc4b"}');
    expect(JSON.parse(escaped)).toEqual(envelope);
    expect(serialiseEnvelope(envelope, false).toString('utf8')).toBe(JSON.stringify(envelope));
  });
});

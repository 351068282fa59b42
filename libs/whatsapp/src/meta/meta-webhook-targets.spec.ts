import { MAX_WEBHOOK_TARGETS, metaWebhookTargets } from './meta-webhook-targets';

const change = (phoneNumberId: unknown) => ({
  field: 'messages',
  value: { metadata: { phone_number_id: phoneNumberId } },
});

describe('metaWebhookTargets', () => {
  it('names every phone number id and WABA id of a batch, once each', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        { id: 'waba-1', changes: [change('pn-1'), change('pn-2')] },
        { id: 'waba-2', changes: [change('pn-1')] },
        { id: 'waba-1', changes: [] },
      ],
    };
    expect(metaWebhookTargets(body)).toEqual({
      phoneNumberIds: ['pn-1', 'pn-2'],
      wabaIds: ['waba-1', 'waba-2'],
    });
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['a string', 'entry'],
    ['an array', [1, 2]],
    ['entry as a string', { entry: 'x' }],
    ['a null entry', { entry: [null, 5, 'x'] }],
    ['changes as a number', { entry: [{ changes: 5 }] }],
    ['changes as an object', { entry: [{ changes: { length: 3 } }] }],
    ['metadata as a string', { entry: [{ changes: [{ value: { metadata: 'x' } }] }] }],
    [
      'ids of other types or with NUL',
      { entry: [{ id: 7, changes: [change(12), change(['a']), change('a\u0000')] }] },
    ],
  ])('never throws on %s, and names nothing it could not read', (_case, body) => {
    expect(metaWebhookTargets(body)).toEqual({ phoneNumberIds: [], wabaIds: [] });
  });

  it(`stops at ${MAX_WEBHOOK_TARGETS} ids of each kind`, () => {
    const entry = Array.from({ length: 500 }, (_, i) => ({ id: `waba-${i}`, changes: [change(`pn-${i}`)] }));
    const targets = metaWebhookTargets({ entry });
    expect(targets.phoneNumberIds).toHaveLength(MAX_WEBHOOK_TARGETS);
    expect(targets.wabaIds).toHaveLength(MAX_WEBHOOK_TARGETS);
  });
});

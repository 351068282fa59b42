import { checkTemplateDraft, fillSamples, templateComponents, type TemplateDraft } from './template-draft';

const good: TemplateDraft = {
  name: 'order_ready',
  language: 'en',
  category: 'utility',
  header: { type: 'text', text: 'Order {{1}}', example: '#1042' },
  body: { text: 'Hi {{1}}, your order is ready for pickup at {{2}} today.', examples: ['Ana', 'Main St'] },
  footer: 'Sunrise Solar',
  buttons: [
    { type: 'url', text: 'Track order', url: 'https://shop.example/track/{{1}}', example: '1042' },
    { type: 'phone', text: 'Call us', phone: '+15550100000' },
  ],
};

const fields = (draft: TemplateDraft) => checkTemplateDraft(draft).map((p) => `${p.field}: ${p.message}`);

describe('template drafts: the platform rules, checked before submitting', () => {
  it('accepts a template with a header, two variables and a URL button with a dynamic suffix', () => {
    expect(checkTemplateDraft(good)).toEqual([]);
    expect(templateComponents(good)).toEqual([
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#1042'] } },
      {
        type: 'BODY',
        text: 'Hi {{1}}, your order is ready for pickup at {{2}} today.',
        example: { body_text: [['Ana', 'Main St']] },
      },
      { type: 'FOOTER', text: 'Sunrise Solar' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'Track order', url: 'https://shop.example/track/{{1}}', example: ['1042'] },
          { type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+15550100000' },
        ],
      },
    ]);
  });

  it.each([
    [{ name: 'Order Ready' }, 'name: Use only lowercase letters'],
    [
      { body: { text: '{{1}}, your order is ready', examples: ['Ana'] } },
      'body: The text may not start or end',
    ],
    [
      { body: { text: 'Hi {{1}} {{2}} ok', examples: ['a', 'b'] } },
      'body: Two variables may not stand side by side',
    ],
    [{ body: { text: 'Hi {{2}}, ready', examples: ['a'] } }, 'body: Variables must be {{1}}, {{2}}'],
    [{ body: { text: 'Hi {{1}}, ready', examples: [] } }, 'body: Give a sample value for {{1}}'],
    [{ body: { text: 'x'.repeat(1025), examples: [] } }, 'body: The text may have at most 1024 characters'],
    [
      { header: { type: 'text', text: '{{1}} {{2}}', example: 'a' } },
      'header: The header may hold one variable',
    ],
    [
      { header: { type: 'image', example: 'not a url' } },
      'header: Give the public https address of a sample image',
    ],
    [{ footer: 'Thanks {{1}}' }, 'footer: The footer may not hold variables'],
    [
      { buttons: [{ type: 'url', text: 'Go', url: 'https://x.example/{{1}}/more' }] },
      'buttons[1]: A web address may end with one variable',
    ],
    [
      { buttons: [{ type: 'url', text: 'Go', url: 'https://x.example/{{1}}' }] },
      'buttons[1]: Give a sample for the end',
    ],
    [
      {
        buttons: ['a', 'b', 'c'].map((u) => ({ type: 'url' as const, text: u, url: `https://${u}.example` })),
      },
      'buttons: At most 2 website buttons',
    ],
    [
      {
        buttons: [
          { type: 'quick_reply', text: 'Yes' },
          { type: 'phone', text: 'Call', phone: '+15550100000' },
          { type: 'quick_reply', text: 'No' },
        ],
      },
      'buttons: Keep quick replies together',
    ],
    [
      { buttons: [{ type: 'quick_reply', text: 'A label that is far too long' }] },
      'buttons[1]: A button label may have at most 25',
    ],
    [
      { buttons: [{ type: 'phone', text: 'Call', phone: '5550100' }] },
      'buttons[1]: Give the phone number in international form',
    ],
    [
      { buttons: Array.from({ length: 11 }, (_, i) => ({ type: 'quick_reply' as const, text: `R${i}` })) },
      'buttons: At most 10 buttons',
    ],
  ] as Array<[Partial<TemplateDraft>, string]>)('refuses %j: %s', (change, problem) => {
    expect(fields({ ...good, ...change })).toEqual(
      expect.arrayContaining([expect.stringContaining(problem)]),
    );
  });

  it('fills samples for the preview, leaving unknown variables visible', () => {
    expect(fillSamples('Hi {{1}}, at {{2}} on {{3}}', ['Ana', 'noon'])).toBe('Hi Ana, at noon on {{3}}');
  });
});

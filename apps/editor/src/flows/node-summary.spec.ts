import { summarizeNodeData } from './node-summary';

describe('summarizeNodeData', () => {
  it.each([
    ['message', { text: 'Hi  there,\n how are you?' }, 'Hi there, how are you?'],
    ['question', { text: 'What is your name?', save: 'name' }, 'What is your name?'],
    ['template', { template: { name: 'still_interested', language: 'en' } }, 'Template: still_interested'],
    ['wait', { duration: '2h' }, 'Wait 2h'],
    ['wait', { duration: '1d', interruptOnReply: true }, 'Wait 1d, or until a reply'],
    ['trigger', { on: 'keyword', keywords: ['hi', 'price'] }, 'Keyword: hi, price'],
    ['trigger', { on: 'api' }, 'Lead pushed through the API'],
    ['condition', { rules: [{ id: 'vip', when: 'vars.budget > 1000' }] }, 'If vars.budget > 1000'],
    ['set', { assign: { score: '1', tier: '"gold"' } }, 'Set score, tier'],
    ['http', { method: 'POST', url: 'https://crm.example.com/leads' }, 'POST https://crm.example.com/leads'],
    ['crm', { addTags: ['lead'], stage: 'qualified' }, '+lead, stage qualified'],
    ['message', { media: { kind: 'image', url: 'https://x/y.png', caption: 'Our menu' } }, 'image: Our menu'],
  ])('%s %j reads "%s"', (type, data, expected) => {
    expect(summarizeNodeData(type, data)).toBe(expected);
  });

  it('says what is missing instead of printing undefined', () => {
    expect(summarizeNodeData('template', {})).toBe('Template: (none)');
    expect(summarizeNodeData('wait', { duration: 5 })).toBe('Wait (no duration)');
    expect(summarizeNodeData('message', {})).toBe('');
  });
});

import { nodeDefinitions } from '@leadline/flow-core';
import { summarizeNode } from './node-summary';

describe('summarizeNode', () => {
  it.each([
    ['message', { text: 'Hi  there,\n how are you?' }, { text: 'Hi there, how are you?' }],
    [
      'message',
      {
        text: 'Pick one',
        buttons: [
          { id: 'a', title: 'Home solar' },
          { id: 'b', title: 'Business' },
        ],
      },
      { text: 'Pick one', chips: ['Home solar', 'Business'] },
    ],
    [
      'question',
      { text: 'What is your name?', save: 'name' },
      { text: 'What is your name?', expects: 'Expects any text' },
    ],
    ['question', { text: 'Budget?', expect: 'number' }, { text: 'Budget?', expects: 'Expects a number' }],
    [
      'question',
      { text: 'Size?', buttons: [{ id: 's', title: 'Small' }] },
      { text: 'Size?', chips: ['Small'], expects: 'Expects one of the choices' },
    ],
    [
      'template',
      { template: { name: 'still_interested', language: 'en' } },
      { text: 'Sends the template “still_interested”' },
    ],
    ['wait', { duration: '2h', interruptOnReply: false }, { text: 'Waits 2h' }],
    ['wait', { duration: '1d', interruptOnReply: true }, { text: 'Waits 1d, or until they reply' }],
    ['trigger', { on: 'keyword', keywords: ['hi', 'price'] }, { text: 'When they write “hi” or “price”' }],
    ['trigger', { on: 'api' }, { text: 'When a lead is pushed through the API' }],
    ['crm', { addTags: ['lead'], stage: 'qualified' }, { text: '+lead, stage qualified' }],
    [
      'message',
      { media: { kind: 'image', url: 'https://x/y.png', caption: 'Our menu' } },
      { text: 'image: Our menu' },
    ],
  ])('%s %j reads %j', (type, data, expected) => {
    expect(summarizeNode(type, data)).toEqual(expected);
  });

  it('every node type of the core has a summary of its defaults, in words', () => {
    for (const definition of nodeDefinitions) {
      const summary = summarizeNode(
        definition.type,
        structuredClone(definition.defaults) as Record<string, unknown>,
      );
      expect(summary.text).not.toBe('');
      expect(summary.text).not.toContain('undefined');
    }
  });

  it('shows the text of data its type rejects, and nothing made up', () => {
    expect(summarizeNode('message', { text: 'Hi', buttons: [] })).toEqual({ text: 'Hi' });
    expect(summarizeNode('wait', { duration: 5 })).toEqual({ text: '' });
    expect(summarizeNode('teleport', { text: 'Beam me up' })).toEqual({ text: 'Beam me up' });
  });
});

import { acceptedText, expectedText, perTenSeconds } from './fault-load';

describe('fault scenario helpers', () => {
  it('reads the same text from what the engine meant to send and what Meta accepted', () => {
    expect(expectedText({ type: 'text', text: 'Hi' })).toBe('Hi');
    expect(acceptedText({ type: 'text', text: { body: 'Hi' } })).toBe('Hi');
    expect(
      expectedText({ type: 'interactive', text: 'Colour?', buttons: [{ id: 'red', title: 'Red' }] }),
    ).toBe('Colour?');
    expect(acceptedText({ type: 'interactive', interactive: { body: { text: 'Colour?' } } })).toBe('Colour?');
    expect(acceptedText({ type: 'template', template: { name: 'lead_welcome' } })).toBe(
      'template:lead_welcome',
    );
  });

  it('counts timestamps per 10-second slice, empty slices included', () => {
    expect(perTenSeconds([1_000, 9_999, 10_000, 35_000], 0)).toEqual([2, 1, 0, 1]);
  });
});

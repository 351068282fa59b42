import { toWhatsAppText } from './whatsapp-text';

describe('toWhatsAppText', () => {
  it('turns Markdown WhatsApp would show literally into WhatsApp formatting', () => {
    const answer = [
      '### Our packages',
      '',
      '**Basic**: 6 panels, __installed__ in a day. ~~Old price~~',
      '* one',
      '+ two',
      '---',
      'Details: [price list](https://sun.example/prices) or https://sun.example.',
      '![diagram](https://sun.example/d.png)',
      '```json',
      '{"a": 1}',
      '```',
    ].join('\n');
    expect(toWhatsAppText(answer)).toBe(
      [
        '*Our packages*',
        '',
        '*Basic*: 6 panels, *installed* in a day. ~Old price~',
        '- one',
        '- two',
        '',
        'Details: price list (https://sun.example/prices) or https://sun.example.',
        'diagram: https://sun.example/d.png',
        '{"a": 1}',
      ].join('\n'),
    );
  });

  it('collapses runs of blank lines and trims', () => {
    expect(toWhatsAppText('\n\n  Hello\r\n\r\n\r\n\r\nBye  \n\n')).toBe('Hello\n\nBye');
  });

  it('keeps WhatsApp formatting and a link whose text is its address as they are', () => {
    expect(toWhatsAppText('*bold* _italic_ [https://a.example](https://a.example)')).toBe(
      '*bold* _italic_ https://a.example',
    );
  });

  it('cuts an over-long answer at a word, within the limit, with an ellipsis', () => {
    const words = Array.from({ length: 1_000 }, (_, index) => `word${index}`).join(' ');
    const text = toWhatsAppText(words);
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text.endsWith('…')).toBe(true);
    expect(words.startsWith(text.slice(0, -1))).toBe(true);
    expect(text.slice(0, -1)).toMatch(/word\d+$/);
  });

  it('never splits an emoji when cutting', () => {
    const text = toWhatsAppText('😀'.repeat(50), 10);
    expect(text).toBe('😀😀😀😀…');
    expect(text.length).toBeLessThanOrEqual(10);
  });

  it('returns an empty string for an answer of only whitespace and rules', () => {
    expect(toWhatsAppText('  \n---\n  ')).toBe('');
  });
});

import { characterCount, validateFlow, WHATSAPP_LIMITS } from '../src';
import { anyMessage, makeFlow, n, path } from './support/flow-builder';

describe('characters as people count them', () => {
  it('counts an emoji or an accented letter as one character', () => {
    expect(characterCount('🎉')).toBe(1);
    expect(characterCount('Olá 👋')).toBe(5);
  });

  it('lets a button title of 20 emoji through (WhatsApp counts characters, not UTF-16 units)', () => {
    const title = '🎉'.repeat(WHATSAPP_LIMITS.buttonTitle);
    const flow = makeFlow(
      [anyMessage(), n('ask', 'question', { text: 'Party?', buttons: [{ id: 'yes', title }] })],
      path(['start', 'next', 'ask']),
    );
    const codes = validateFlow(flow).diagnostics.map((diagnostic) => diagnostic.code);
    expect(codes).not.toContain('WHATSAPP_LIMIT');
    const tooLong = makeFlow(
      [anyMessage(), n('ask', 'question', { text: 'Party?', buttons: [{ id: 'yes', title: `${title}!` }] })],
      path(['start', 'next', 'ask']),
    );
    expect(validateFlow(tooLong).diagnostics.map((diagnostic) => diagnostic.code)).toContain(
      'WHATSAPP_LIMIT',
    );
  });
});

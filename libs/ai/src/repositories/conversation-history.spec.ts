import { textOfMessage, withoutCurrentMessage } from './conversation-history.repository';

describe('textOfMessage', () => {
  it('reads texts and captions, and names what has neither', () => {
    expect(textOfMessage('text', { type: 'text', text: ' hi ' })).toBe('hi');
    expect(textOfMessage('interactive', { type: 'interactive', text: 'Pick one', buttons: [] })).toBe(
      'Pick one',
    );
    expect(textOfMessage('media', { type: 'media', media: { kind: 'image', caption: 'roof' } })).toBe('roof');
    expect(textOfMessage('document', { type: 'document', filename: 'Q-1.pdf', caption: 'Your quote' })).toBe(
      'Your quote',
    );
    expect(textOfMessage('document', { type: 'document', filename: 'Q-1.pdf' })).toBe('[document "Q-1.pdf"]');
    expect(textOfMessage('template', { type: 'template', template: { name: 'lead_welcome' } })).toBe(
      '[template message "lead_welcome"]',
    );
    expect(textOfMessage('button', { type: 'button', buttonId: 'yes' })).toBe('[pressed button "yes"]');
    expect(textOfMessage('media', { type: 'media', media: { kind: 'audio' } })).toBe('[audio message]');
    expect(textOfMessage('location', null)).toBe('[location message]');
  });
});

describe('withoutCurrentMessage', () => {
  it('drops the stored copy of the current message only when it ends the history', () => {
    const history = [
      { role: 'assistant' as const, content: 'Hi' },
      { role: 'user' as const, content: 'price?' },
    ];
    expect(withoutCurrentMessage(history, ' price? ')).toEqual([history[0]]);
    expect(withoutCurrentMessage(history, 'other')).toEqual(history);
    expect(withoutCurrentMessage([history[1], history[0]], 'price?')).toEqual([history[1], history[0]]);
  });
});

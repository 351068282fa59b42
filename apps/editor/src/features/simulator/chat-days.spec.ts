import { withDaySeparators } from './chat-days';

describe('withDaySeparators', () => {
  it('puts a day line before the first message and where a time skip crosses into a new day', () => {
    const events = [
      { at: '2026-12-07T09:00:00.000Z', text: 'hi' },
      { at: '2026-12-07T09:00:01.000Z', text: 'What is your name?' },
      { at: '2026-12-08T09:00:01.000Z', text: 'Still interested?' },
      { at: '2026-12-08T10:00:00.000Z', text: 'yes' },
      { at: '2026-12-11T10:00:00.000Z', text: 'Bye' },
    ];
    const items = withDaySeparators(events);
    expect(items.map((item) => (item.kind === 'day' ? `— ${item.label} —` : item.event.text))).toEqual([
      '— Mon 7 Dec —',
      'hi',
      'What is your name?',
      '— Tue 8 Dec —',
      'Still interested?',
      'yes',
      '— Fri 11 Dec —',
      'Bye',
    ]);
  });

  it('has no day line without messages', () => {
    expect(withDaySeparators([])).toEqual([]);
  });
});

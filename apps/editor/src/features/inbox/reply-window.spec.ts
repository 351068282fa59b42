import { formatRemaining, templatePreview, windowView } from './reply-window';

describe('the reply window', () => {
  const loadedAt = Date.parse('2026-12-06T10:00:00Z');

  it("counts down on the server's clock, moved on by the browser's since the answer", () => {
    // The server runs 25 h ahead of this browser (a test clock, or a wrong browser clock).
    const window = { open: true, closesAt: '2026-12-07T11:00:00.000Z', now: '2026-12-07T10:00:00.000Z' };
    expect(windowView(window, loadedAt, loadedAt)).toMatchObject({ open: true, remainingMs: 3_600_000 });
    expect(windowView(window, loadedAt, loadedAt + 59 * 60_000).label).toBe(
      '1 min 00 s left to reply freely',
    );
    expect(windowView(window, loadedAt, loadedAt + 3_600_000)).toMatchObject({ open: false, remainingMs: 0 });
  });

  it('is closed when the server says so, or when the contact never wrote', () => {
    expect(
      windowView({ open: false, closesAt: '2026-12-05T10:00:00Z', now: '2026-12-06T10:00:00Z' }, 0, 0).open,
    ).toBe(false);
    expect(windowView({ open: false, closesAt: null, now: '2026-12-06T10:00:00Z' }, 0, 0).label).toMatch(
      /not written/,
    );
  });

  it('formats what is left in plain units', () => {
    expect(formatRemaining(23 * 3_600_000 + 5 * 60_000)).toBe('23 h 05 min');
    expect(formatRemaining(42_000)).toBe('42 s');
  });

  it('previews a template with the parameters typed so far', () => {
    expect(templatePreview('Hi {{1}}, your quote {{2}} is ready.', ['Ana', ' '])).toBe(
      'Hi Ana, your quote [2] is ready.',
    );
  });
});

import { parseAnswer, type ExpectKind, type ReplyInput } from './index';

const KINDS: ExpectKind[] = ['text', 'number', 'email', 'phone', 'date', 'choice', 'regex'];

describe('text answers', () => {
  it.each<[ReplyInput, string]>([
    [{ text: 'Ana' }, 'Ana'],
    [{ text: '  Ana Silva \n' }, 'Ana Silva'],
    [{ text: 'line one\nline two' }, 'line one\nline two'],
    [{ buttonId: 'later' }, 'Maybe later'],
    [{ buttonId: 'no_such_button' }, 'no_such_button'],
    [{ buttonId: 'later', text: 'typed' }, 'typed'],
  ])('saves %j as %j', (input, expected) => {
    const options = { options: [{ id: 'later', title: ' Maybe later ' }] };
    expect(parseAnswer('text', input, options)).toEqual({ ok: true, value: expected });
  });
});

describe('regex answers', () => {
  // Issue 16 item 4: JavaScript's engine backtracks on `^(a+)+$` for seconds per character added;
  // RE2 answers at once. The reply is far beyond what backtracking could finish in a test's lifetime.
  it('answers a catastrophic pattern against a hostile reply at once (linear time)', () => {
    const reply = `${'a'.repeat(5_000)}!`;
    expect(parseAnswer('regex', { text: reply }, { pattern: '(a+)+' })).toMatchObject({
      ok: false,
      reason: 'no_match',
    });
    expect(parseAnswer('regex', { text: 'a'.repeat(5_000) }, { pattern: '(a+)+' })).toMatchObject({
      ok: true,
    });
  });

  it.each<[string, string, string]>([
    ['\\d{5}', '12345', '12345'],
    ['\\d{5}', ' 12345 ', '12345'],
    ['^[A-Z]{2}\\d{4}$', 'AB1234', 'AB1234'],
    ['\\p{Lu}\\p{Ll}+', 'Émile', 'Émile'],
    ['a|b', 'b', 'b'],
    ['(?<year>\\d{4})-(?<month>\\d{2})', '2026-12', '2026-12'],
  ])('pattern %s accepts %j as %j', (pattern, text, expected) => {
    expect(parseAnswer('regex', { text }, { pattern })).toEqual({ ok: true, value: expected });
  });

  it.each<[string, string]>([
    // Whole-reply semantics: a pattern is not a "contains" search.
    ['\\d{5}', '123456'],
    ['\\d{5}', 'zip 12345'],
    ['a|b', 'ab'],
    ['[A-Z]+', 'abc'],
  ])('pattern %s rejects %j', (pattern, text) => {
    expect(parseAnswer('regex', { text }, { pattern })).toMatchObject({ ok: false, reason: 'no_match' });
  });

  it.each<[string | undefined]>([
    ['['],
    ['a)|(b'],
    ['(?<n>a)(?<n>b)'],
    ['\\'],
    ['x{2,1}'],
    ['\\q'],
    // RE2 has no backreferences or lookaround: such patterns cannot promise linear time.
    ['(?<year>\\d{4})-\\k<year>'],
    ['(a)\\1'],
    ['\\d+(?=€)'],
    [undefined],
  ])('reports the invalid pattern %j instead of throwing', (pattern) => {
    expect(parseAnswer('regex', { text: 'a' }, { pattern })).toMatchObject({
      ok: false,
      reason: 'invalid_pattern',
    });
    expect(parseAnswer('regex', { text: '' }, { pattern })).toMatchObject({
      ok: false,
      reason: 'invalid_pattern',
    });
  });
});

describe('parseAnswer for every kind', () => {
  it.each(KINDS)('reports a missing or blank reply to a %s question as empty', (kind) => {
    const options = { pattern: '.*', options: [{ id: 'a', title: 'A' }] };
    for (const input of [{}, { text: '' }, { text: ' \n\t ' }, { buttonId: '' }]) {
      expect(parseAnswer(kind, input, options)).toMatchObject({ ok: false, reason: 'empty' });
    }
  });

  it('reads a tapped button by its title for non-choice questions', () => {
    const options = {
      today: '2026-03-06',
      options: [
        { id: 'd1', title: 'Tomorrow' },
        { id: 'n1', title: '1-2 people' },
        { id: 'n2', title: '10' },
      ],
    };
    expect(parseAnswer('date', { buttonId: 'd1' }, options)).toEqual({ ok: true, value: '2026-03-07' });
    expect(parseAnswer('number', { buttonId: 'n2' }, options)).toEqual({ ok: true, value: 10 });
    expect(parseAnswer('number', { buttonId: 'n1' }, options)).toMatchObject({
      ok: false,
      reason: 'invalid_number',
    });
  });

  it('rejects structured replies longer than 256 characters, but keeps long text answers', () => {
    const long = `about ${'very '.repeat(60)}roughly 12`;
    expect(parseAnswer('number', { text: long })).toMatchObject({ ok: false, reason: 'invalid_number' });
    expect(parseAnswer('number', { text: long.slice(-80) })).toEqual({ ok: true, value: 12 });
    expect(parseAnswer('text', { text: long })).toEqual({ ok: true, value: long });
  });

  it('gives a message that does not repeat the reply', () => {
    const result = parseAnswer('email', { text: 'secret-token-123' });
    expect(result).toMatchObject({ ok: false, reason: 'invalid_email' });
    expect(!result.ok && result.message).toMatch(/email/);
    expect(JSON.stringify(result)).not.toContain('secret-token-123');
  });

  it('does not throw on inputs a JavaScript caller may pass by mistake', () => {
    const junk: unknown[] = [undefined, null, 42, { text: 42 }, { text: null, buttonId: 7 }];
    for (const kind of [...KINDS, 'colour' as ExpectKind]) {
      for (const input of junk) {
        const options = { options: 'not a list', pattern: 7, today: 5, defaultCountry: {} } as never;
        expect(() => parseAnswer(kind, input as ReplyInput, options)).not.toThrow();
        expect(parseAnswer(kind, input as ReplyInput, options).ok).toBe(false);
      }
    }
    expect(() => parseAnswer('choice', { text: 'x' }, { options: [null, { id: 1 }] as never })).not.toThrow();
  });
});

import { resolveRequestId } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('resolveRequestId', () => {
  it.each(['abc-123', 'req_01HZX.9:alpha', '8d3c2b1e-2f6a-4a8e-9c1d-1234567890ab'])(
    'keeps the sane id %s',
    (id) => {
      expect(resolveRequestId(id)).toBe(id);
    },
  );

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['with spaces', 'abc def'],
    ['with a newline (log forging)', 'abc\n{"level":60}'],
    ['with quotes', '"abc"'],
    ['too long', 'a'.repeat(129)],
    ['starting with punctuation', '-abc'],
  ])('replaces an id that is %s with a fresh UUID', (_label, id) => {
    expect(resolveRequestId(id)).toMatch(UUID);
  });

  it('uses the first of repeated headers', () => {
    expect(resolveRequestId(['first', 'second'])).toBe('first');
  });

  it('mints a different id each time', () => {
    expect(resolveRequestId(undefined)).not.toBe(resolveRequestId(undefined));
  });
});

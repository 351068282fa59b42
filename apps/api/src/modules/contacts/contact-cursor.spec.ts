import { decodeContactCursor, encodeContactCursor, MAX_CURSOR_NAME } from './contact-cursor';

const ID = '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';
const raw = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

/**
 * A cursor comes back from the browser: whatever it carries reaches PostgreSQL as a parameter, so
 * only a value of the sort's kind passes (else the request's 400, not a 500 or an offset).
 */
describe('decodeContactCursor: untrusted values', () => {
  it('takes back what it handed out (k3: a time at the microsecond, a name, no value)', () => {
    for (const value of ['2026-12-07T19:46:21.123456Z', null])
      for (const sort of ['created', 'last_message'] as const) {
        const cursor = { sort, order: 'desc' as const, value, id: ID };
        expect(decodeContactCursor(encodeContactCursor(cursor))).toEqual(cursor);
      }
    const named = { sort: 'name' as const, order: 'asc' as const, value: 'Zoë 🙂', id: ID };
    expect(decodeContactCursor(encodeContactCursor(named))).toEqual(named);
  });

  it.each<[string, unknown[]]>([
    ['a time that is no time (new Date(NaN))', ['k3', 'created', 'desc', 'x', ID]],
    ['a time at the millisecond in k3', ['k3', 'created', 'desc', '2026-12-07T19:46:21.123Z', ID]],
    ['beyond PostgreSQL (and four digits)', ['k3', 'created', 'desc', '+275760-09-13T00:00:00.000000Z', ID]],
    ['k2 beyond PostgreSQL', ['k2', 'created', 'desc', '+275760-09-13T00:00:00.000Z', ID, 1]],
    ['year 0', ['k3', 'last_message', 'asc', '0000-01-01T00:00:00.000000Z', ID]],
    ['30 February', ['k3', 'created', 'asc', '2026-02-30T00:00:00.000000Z', ID]],
    ['an offset instead of Z', ['k3', 'created', 'asc', '2026-02-03T00:00:00.000000+01:00', ID]],
    ['a name with NUL', ['k3', 'name', 'asc', 'a\u0000b', ID]],
    ['half a UTF-16 pair', ['k3', 'name', 'asc', 'a\uD800b', ID]],
    ['a name longer than any', ['k3', 'name', 'asc', 'n'.repeat(MAX_CURSOR_NAME + 1), ID]],
    ['k2 counting less than none', ['k2', 'created', 'desc', '2026-12-07T19:46:21.123Z', ID, -1]],
    ['a number for a name', ['k3', 'name', 'asc', 7, ID]],
    ['an id that is no uuid', ['k3', 'name', 'asc', 'a', `${ID.slice(0, -1)}g`]],
    ['an unknown version', ['k9', 'name', 'asc', 'a', ID]],
  ])('%s: not a cursor', (_, parts) => {
    expect(decodeContactCursor(raw(parts))).toBeUndefined();
  });

  // k1/k2 carried a millisecond (perhaps rounded) and a count; the nearest keyset that misses
  // nothing starts a millisecond wide of it, with the nil id (every row of that instant after it).
  it("a k2 cursor's count, however large, is read: it is no longer used (an old cursor deep in an import)", () => {
    expect(
      decodeContactCursor(raw(['k2', 'created', 'desc', '2026-12-07T19:46:21.123Z', ID, 5_000_000]))?.value,
    ).toBe('2026-12-07T19:46:21.124000Z');
  });

  it('k1 and k2 time cursors handed out before k3 become a keyset a millisecond wide', () => {
    expect(decodeContactCursor(raw(['k2', 'created', 'desc', '2026-12-07T19:46:21.123Z', ID, 3]))).toEqual({
      sort: 'created',
      order: 'desc',
      value: '2026-12-07T19:46:21.124000Z',
      id: '00000000-0000-0000-0000-000000000000',
    });
    expect(decodeContactCursor(raw(['k1', 'last_message', 'asc', '2026-12-07T19:46:21.000Z', ID]))).toEqual({
      sort: 'last_message',
      order: 'asc',
      value: '2026-12-07T19:46:20.999000Z',
      id: '00000000-0000-0000-0000-000000000000',
    });
    expect(decodeContactCursor(raw(['k2', 'name', 'asc', 'Ana', ID, 0]))).toEqual({
      sort: 'name',
      order: 'asc',
      value: 'Ana',
      id: ID,
    });
  });
});

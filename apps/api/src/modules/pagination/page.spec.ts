import { z } from 'zod';
import { countParam, decodeCursor, encodeCursor, pageArgs, pageQuery, pageQueryShape, toPage } from './page';

const ID = '0a1b2c3d-0000-4000-8000-000000000001';
const schema = z.strictObject(pageQueryShape);

describe('pages', () => {
  it('round-trips a cursor and refuses anything else', () => {
    expect(decodeCursor(encodeCursor(ID))).toBe(ID);
    expect(decodeCursor(ID)).toBeUndefined();
    expect(decodeCursor(Buffer.from('c1:not-a-uuid').toString('base64url'))).toBeUndefined();
    expect(decodeCursor('!!!')).toBeUndefined();
  });

  it('parses cursor and limit from the query, with clear errors', () => {
    expect(schema.parse({ cursor: encodeCursor(ID), limit: '10' })).toEqual({ cursor: ID, limit: 10 });
    expect(schema.parse({ cursor: '', limit: '' })).toEqual({});
    expect(schema.safeParse({ limit: '0' }).error?.issues[0].message).toContain('from 1 to 100');
    expect(schema.safeParse({ limit: '101' }).success).toBe(false);
    expect(schema.safeParse({ cursor: 'abc' }).error?.issues[0].message).toContain('nextCursor');
  });

  it('takes a list’s own cursor decoder and largest page', () => {
    const decode = (text: string) => (text.startsWith('at-') ? { at: text.slice(3) } : undefined);
    const own = z.strictObject(pageQuery(decode, 50));
    expect(own.parse({ cursor: 'at-7', limit: '50' })).toEqual({ cursor: { at: '7' }, limit: 50 });
    expect(own.safeParse({ cursor: encodeCursor(ID) }).error?.issues[0].message).toContain('nextCursor');
    expect(own.safeParse({ limit: '51' }).error?.issues[0].message).toBe(
      'must be a whole number from 1 to 50',
    );
    expect(z.strictObject({ n: countParam(200) }).safeParse({ n: '0' }).error?.issues[0].message).toBe(
      'must be a whole number from 1 to 200',
    );
  });

  it('fetches one extra row to know whether another page follows', () => {
    expect(pageArgs({})).toEqual({ take: 26 });
    expect(pageArgs({ limit: 2, cursor: ID })).toEqual({ take: 3, cursor: { id: ID }, skip: 1 });
    const rows = ['a', 'b', 'c'].map((id) => ({ id }));
    expect(toPage(rows, { limit: 2 })).toEqual({
      data: [{ id: 'a' }, { id: 'b' }],
      nextCursor: encodeCursor('b'),
    });
    expect(toPage(rows, { limit: 3 }, (row) => row.id)).toEqual({ data: ['a', 'b', 'c'], nextCursor: null });
  });
});

import { fieldRows, fieldsPatch, parseTags } from './contact-fields';

describe('editing a contact’s fields', () => {
  const before = { city: 'Leeds', budget: 20000, vip: true, address: { street: 'Main' } };

  it('sends only what changed, keeps numbers and booleans, and removes deleted fields', () => {
    const rows = fieldRows(before)
      .filter((row) => row.key !== 'address')
      .map((row) => (row.key === 'budget' ? { ...row, value: '25000' } : row));
    expect(fieldsPatch(before, [...rows, { key: 'source', value: 'fair' }])).toEqual({
      patch: { budget: 25000, address: null, source: 'fair' },
    });
  });

  it('leaves untouched rows out, including structured values shown as JSON', () => {
    expect(fieldsPatch(before, fieldRows(before))).toEqual({ patch: {} });
  });

  it('refuses bad names and duplicates with a sentence each', () => {
    const result = fieldsPatch({}, [
      { key: 'first name', value: 'x' },
      { key: 'city', value: 'a' },
      { key: 'city', value: 'b' },
    ]);
    expect(result).toEqual({
      problems: [
        '"first name" cannot be a field name: use letters, digits and _ (starting with a letter).',
        'The field "city" is there twice.',
      ],
    });
  });

  it('reads tags from a comma-separated list', () => {
    expect(parseTags(' vip, solar ,vip,, ')).toEqual({ tags: ['vip', 'solar'] });
    expect(parseTags('x'.repeat(51))).toEqual({ problem: expect.stringContaining('longer than 50') });
  });
});

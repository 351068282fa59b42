import { defaultInvalidText, parseAnswer, type ExpectKind } from './index';

const KINDS: ExpectKind[] = ['text', 'number', 'email', 'phone', 'date', 'choice', 'regex'];

describe('defaultInvalidText', () => {
  it.each(KINDS)('gives a short, friendly English re-prompt for %s', (kind) => {
    const text = defaultInvalidText(kind);
    expect(text).toMatch(/^Sorry/);
    expect(text.length).toBeLessThan(160);
  });

  it('shows dates in the order the parser reads them', () => {
    expect(defaultInvalidText('date')).toContain('31/12/2026');
    expect(defaultInvalidText('date', { defaultCountry: 'US' })).toContain('12/31/2026');
    expect(parseAnswer('date', { text: '31/12/2026' })).toEqual({ ok: true, value: '2026-12-31' });
    expect(parseAnswer('date', { text: '12/31/2026' }, { defaultCountry: 'US' })).toEqual({
      ok: true,
      value: '2026-12-31',
    });
  });

  it('lists the options with the numbers the parser accepts', () => {
    const options = [
      { id: 'yes', title: 'Yes' },
      { id: 'no', title: 'No' },
    ];
    const text = defaultInvalidText('choice', { options });
    expect(text).toContain('1. Yes\n2. No');
    expect(parseAnswer('choice', { text: '2.' }, { options })).toEqual({ ok: true, value: 'no' });
  });

  it('uses examples that its own parser accepts', () => {
    expect(defaultInvalidText('number')).toContain('25');
    expect(parseAnswer('email', { text: 'name@example.com' })).toMatchObject({ ok: true });
    expect(defaultInvalidText('email')).toContain('name@example.com');
    expect(parseAnswer('phone', { text: '+44 7400 123456' })).toMatchObject({ ok: true });
    expect(defaultInvalidText('phone')).toContain('+44 7400 123456');
  });

  it.each<[string, string]>([
    ['ZA', '071 123 4567'],
    ['BR', '(11) 96123-4567'],
    ['DE', '01512 3456789'],
  ])('shows a phone example in the national format of %s, which the parser accepts', (country, example) => {
    const text = defaultInvalidText('phone', { defaultCountry: country });
    expect(text).toContain(example);
    expect(text).not.toContain('country code');
    expect(parseAnswer('phone', { text: example }, { defaultCountry: country })).toMatchObject({ ok: true });
  });
});

import { parseAnswer } from './index';

const phone = (text: string, defaultCountry?: string) => parseAnswer('phone', { text }, { defaultCountry });

describe('phone answers', () => {
  it.each<[string, string | undefined, string]>([
    ['+27 74 000 0001', undefined, '+27740000001'],
    ['+27-74-000-0001', undefined, '+27740000001'],
    ['0027 74 000 0001', undefined, '+27740000001'],
    ['tel:+27740000001', undefined, '+27740000001'],
    ['+1 (202) 555-0123', undefined, '+12025550123'],
    ['+44 20 7946 0958', undefined, '+442079460958'],
    ['+49 1512 3456789', undefined, '+4915123456789'],
    ['+34 612 34 56 78', undefined, '+34612345678'],
    ['074 000 0001', 'ZA', '+27740000001'],
    ['074 000 0001', 'za', '+27740000001'],
    ['(074) 000-0001', 'ZA', '+27740000001'],
    ['074.000.0001', 'ZA', '+27740000001'],
    ['+27 (0)74 000 0001', 'ZA', '+27740000001'],
    ['my number is 074 000 0001', 'ZA', '+27740000001'],
    ['(11) 98765-4321', 'BR', '+5511987654321'],
    ['202-555-0123', 'US', '+12025550123'],
    ['030 123456', 'DE', '+4930123456'],
    ['+27 74 000 0001', 'BR', '+27740000001'],
  ])('reads %j (country %s) as %s', (text, country, expected) => {
    expect(phone(text, country)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, string | undefined]>([
    ['074 000 0001', undefined],
    ['074 000 0001', 'XX'],
    ['074 000 0001', '__proto__'],
    ['12345', 'ZA'],
    ['+27 12 345', undefined],
    // Right length, but no South African number starts with 99: only the full metadata knows.
    ['+27 99 999 9999', undefined],
    ['+1 123 456 7890', undefined],
    ['+55 11 0876 4321', undefined],
    ['074 000 0001 or 082 111 2222', 'ZA'],
    ['call me', 'ZA'],
    ['+27 74 000 0001+1', undefined],
  ])('rejects %j (country %s)', (text, country) => {
    expect(phone(text, country)).toMatchObject({ ok: false, reason: 'invalid_phone' });
  });
});

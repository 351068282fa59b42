import { parseAnswer } from './index';

const email = (text: string) => parseAnswer('email', { text });

describe('email answers', () => {
  it.each<[string, string]>([
    ['ana@example.com', 'ana@example.com'],
    ['  Ana.Silva@Example.COM ', 'ana.silva@example.com'],
    ['ana+leads@mail.example.co.za', 'ana+leads@mail.example.co.za'],
    ['mailto:ana@example.com', 'ana@example.com'],
    ['MAILTO:Ana@Example.com', 'ana@example.com'],
    ['<ana@example.com>', 'ana@example.com'],
    ['it is ana@example.com.', 'ana@example.com'],
    ['my email: <mailto:ana@example.com>', 'ana@example.com'],
    ['o_brien@sub-domain.example.org', 'o_brien@sub-domain.example.org'],
    ['ana@xn--exmple-cua.com', 'ana@xn--exmple-cua.com'],
  ])('reads %j as %s', (text, expected) => {
    expect(email(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    'ana',
    'ana@example',
    'ana@@example.com',
    '@example.com',
    'ana@',
    'ana@.com',
    'a..b@example.com',
    '.ana@example.com',
    'ana.@example.com',
    'ana@-example.com',
    'ana@example-.com',
    'ana@example.c',
    'ana@example.123',
    'ana@exa mple.com',
    '"ana"@example.com',
    'ana@example.com, bob@example.com',
    `${'a'.repeat(65)}@example.com`,
    `ana@${'a'.repeat(250)}.com`,
  ])('rejects %j', (text) => {
    expect(email(text)).toMatchObject({ ok: false, reason: 'invalid_email' });
  });
});

import { maskUrlPassword, scrubErrorMessage, urlPasswords } from './redact';

describe('maskUrlPassword', () => {
  it('masks the password and keeps the rest', () => {
    expect(maskUrlPassword('postgresql://app:s3cr3t@db:5432/leadline')).toBe(
      'postgresql://app:***@db:5432/leadline',
    );
    expect(maskUrlPassword('redis://:pw@cache:6379')).toBe('redis://:***@cache:6379');
  });

  it('leaves URLs without a password alone', () => {
    expect(maskUrlPassword('postgresql://postgres@127.0.0.1/leadline')).toBe(
      'postgresql://postgres@127.0.0.1/leadline',
    );
  });
});

describe('scrubErrorMessage', () => {
  it('removes known secrets, including URL-encoded ones', () => {
    const secrets = urlPasswords('postgresql://app:p%40ss word@db/x');
    expect(scrubErrorMessage('auth failed for p@ss word and p%40ss%20word', secrets)).toBe(
      'auth failed for *** and ***',
    );
  });

  it('masks credentials of any URL quoted in the message', () => {
    expect(scrubErrorMessage('cannot reach redis://default:topsecret@cache:6379 now')).toBe(
      'cannot reach redis://default:***@cache:6379 now',
    );
  });

  it('keeps reasons short and on one line', () => {
    const reason = scrubErrorMessage(`line one\n${'x'.repeat(500)}`);
    expect(reason).not.toContain('\n');
    expect(reason.length).toBeLessThanOrEqual(200);
  });
});

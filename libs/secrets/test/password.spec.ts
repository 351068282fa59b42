import bcrypt from 'bcryptjs';
import {
  generateRefreshToken,
  hashPassword,
  hashRefreshToken,
  PASSWORD_COST,
  passwordProblem,
  REFRESH_TOKEN_PATTERN,
  verifyPassword,
} from '../src';

describe('passwords', () => {
  it('hashes with bcrypt at cost 12 and verifies only the same password', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(PASSWORD_COST).toBe(12);
    expect(bcrypt.getRounds(hash)).toBe(12);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery!', hash)).toBe(false);
  });

  it('answers false, after the same work, when there is no stored hash', async () => {
    expect(await verifyPassword('anything at all', undefined)).toBe(false);
  });

  it.each([
    ['short', 'at least 10 characters'],
    ['x'.repeat(73), 'at most 72 bytes'],
    ['é'.repeat(37), 'at most 72 bytes'],
  ])('refuses %j', (password, problem) => {
    expect(passwordProblem(password)).toContain(problem);
  });

  it('accepts a long enough password that is hard to guess', () => {
    expect(passwordProblem('Quartz-lantern 48 ripples')).toBeUndefined();
    expect(passwordProblem('plum rocket 7 wander '.repeat(4).slice(0, 72))).toBeUndefined();
  });

  it.each([
    ['password123456', 'commonly used password'],
    ['aaaaaaaaaaaaaaaa', 'repeated characters'],
    ['x'.repeat(72), 'repeated characters'],
    ['qwertyuiop1234', 'too easy to guess'],
    ['1234567890', 'too easy to guess'],
  ])('refuses the long but common or patterned %j, saying why in plain words', (password, why) => {
    const problem = passwordProblem(password);
    expect(problem).toMatch(/^is too easy to guess/);
    expect(problem).toContain(why);
  });

  it("refuses a password built from the account's own email or name", () => {
    expect(passwordProblem('AcmeSolar!2026')).toBeUndefined();
    expect(passwordProblem('AcmeSolar!2026', ['anamaria@acmesolar.com', 'Ana Maria'])).toBe(
      'is too easy to guess (it contains your name, email or workspace): use a longer phrase of unrelated words, or a password manager',
    );
  });
});

describe('refresh tokens', () => {
  it('are random, recognisable and stored as sha256', () => {
    const a = generateRefreshToken();
    const b = generateRefreshToken();
    expect(a).toMatch(REFRESH_TOKEN_PATTERN);
    expect(a).not.toBe(b);
    expect(hashRefreshToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshToken(a)).toBe(hashRefreshToken(a));
    expect(hashRefreshToken(a)).not.toBe(hashRefreshToken(b));
  });
});

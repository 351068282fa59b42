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

  it('accepts a long enough password', () => {
    expect(passwordProblem('ten chars!')).toBeUndefined();
    expect(passwordProblem('x'.repeat(72))).toBeUndefined();
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

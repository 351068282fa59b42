import { InvalidHotLiteralError, isTransientPgError, uuidLiteral } from './hot-sql';
import { lockContactSql, markAttemptedSql } from './hot-statements';

describe('hot-path SQL helpers', () => {
  it('writes only UUIDs into SQL text', () => {
    expect(uuidLiteral('0b7d6f3e-1c2a-4e5f-8a9b-0c1d2e3f4a5b')).toBe(
      "'0b7d6f3e-1c2a-4e5f-8a9b-0c1d2e3f4a5b'::uuid",
    );
    for (const bad of ["x' OR true --", '', '0b7d6f3e-1c2a-4e5f-8a9b-0c1d2e3f4a5b; DROP TABLE contacts'])
      expect(() => uuidLiteral(bad)).toThrow(InvalidHotLiteralError);
    expect(() => lockContactSql("'; DELETE FROM contacts; --")).toThrow(InvalidHotLiteralError);
    expect(() => markAttemptedSql('not-a-uuid', new Date())).toThrow(InvalidHotLiteralError);
  });

  it('retries what says the database was briefly unavailable, and strikes the rest', () => {
    for (const code of ['40001', '40P01', '57P01', '08006', '53300', 'ECONNRESET', 'ECONNREFUSED'])
      expect(isTransientPgError(Object.assign(new Error('x'), { code }))).toBe(true);
    expect(isTransientPgError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientPgError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    for (const code of ['23505', '22P02', '42P01', undefined])
      expect(isTransientPgError(Object.assign(new Error('x'), { code }))).toBe(false);
    expect(isTransientPgError(new Error('flow version x does not validate'))).toBe(false);
  });
});
